from django.urls import path

from teams.final.jury import views as jury

app_name = "final"

urlpatterns = [
    path("jury/", jury.queue, name="jury_queue"),
    path("jury/projects/<int:project_id>/", jury.project, name="jury_project"),
    path(
        "jury/invitation/<uidb64>/<token>/", jury.JuryInvitationAcceptView.as_view(), name="jury_invitation"
    ),
    path("results/", jury.results, name="results"),
]
