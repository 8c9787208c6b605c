from django.urls import path

from topblog.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.portal_index, name="index"),
    path("<slug:key>.<str:extension>", views.portal_download, name="download"),
]
