from django.urls import path

from teams.final.jury import views as jury
from teams.final.views import ministries, presentations

app_name = "final"

urlpatterns = [
    path("", ministries.final_view, name="overview"),
    path("export/projects.xlsx", ministries.projects_export, name="projects_export"),
    path("export/presentations.zip", ministries.presentations_export, name="presentations_export"),
    path("teams/<int:team_id>/presentation/", presentations.team_presentation, name="team_presentation"),
    path("presentations/<int:version_id>/", presentations.presentation_file, name="presentation_file"),
    path("jury/", jury.queue, name="jury_queue"),
    path("jury/projects/<int:project_id>/", jury.project, name="jury_project"),
    path(
        "jury/invitation/<uidb64>/<token>/", jury.JuryInvitationAcceptView.as_view(), name="jury_invitation"
    ),
    path("results/", jury.results, name="results"),
]
