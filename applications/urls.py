from django.urls import path

from applications import views

app_name = "applications"

urlpatterns = [
    path("application/", views.application_form, name="form"),
    path("application/files/<int:file_id>/", views.portfolio_file, name="file"),
]
