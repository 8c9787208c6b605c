from django.urls import path

from applications import views_cabinet

app_name = "cabinet"

urlpatterns = [
    path("", views_cabinet.home, name="home"),
    path("withdraw/", views_cabinet.withdraw, name="withdraw"),
    path("export/", views_cabinet.export, name="export"),
]
