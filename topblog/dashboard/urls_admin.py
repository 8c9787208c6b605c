"""The organizers' dashboard inside the admin: behind the admin's own login and staff
check (admin_view), with the admin's header and navigation around it."""

from django.contrib import admin
from django.urls import path

from topblog.dashboard import views

app_name = "dashboard_admin"

urlpatterns = [
    path("", admin.site.admin_view(views.admin_index), name="index"),
    path("<slug:key>.<str:extension>", admin.site.admin_view(views.admin_download), name="download"),
]
