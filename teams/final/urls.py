from django.urls import path

from teams.final.views import ministries, presentations

app_name = "final"

urlpatterns = [
    path("", ministries.final_view, name="overview"),
    path("export/projects.xlsx", ministries.projects_export, name="projects_export"),
    path("export/presentations.zip", ministries.presentations_export, name="presentations_export"),
    path("teams/<int:team_id>/presentation/", presentations.team_presentation, name="team_presentation"),
    path("presentations/<int:version_id>/", presentations.presentation_file, name="presentation_file"),
]
