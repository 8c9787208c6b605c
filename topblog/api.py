"""The API's version 1, assembled from each app's endpoints."""

from django.urls import path

from applications import api as applications_api
from applications.review import api as review_api
from modules import api as modules_api
from teams import api as teams_api
from teams.final import api as final_api
from teams.final.jury import api as jury_api
from teams.projects import api as projects_api
from topblog.accounts import api as accounts_api
from topblog.tracks import api as tracks_api

urlpatterns = [
    path("season/", tracks_api.CurrentSeasonView.as_view(), name="season-current"),
    path("directions/", tracks_api.DirectionListView.as_view(), name="direction-list"),
    path("regions/", tracks_api.RegionListView.as_view(), name="region-list"),
    path("me/application/", applications_api.MyApplicationView.as_view(), name="my-application"),
    path("me/application/submit/", applications_api.SubmitView.as_view(), name="my-application-submit"),
    path("me/application/withdraw/", applications_api.WithdrawView.as_view(), name="my-application-withdraw"),
    path("me/application/history/", applications_api.HistoryView.as_view(), name="my-application-history"),
    path("me/application/files/", applications_api.FilesView.as_view(), name="my-application-files"),
    path(
        "me/application/files/<int:file_id>/",
        applications_api.FileView.as_view(),
        name="my-application-file",
    ),
    path("me/consents/", accounts_api.MyConsentsView.as_view(), name="my-consents"),
    path(
        "me/consents/<slug:kind>/withdrawal/",
        accounts_api.ConsentWithdrawalView.as_view(),
        name="my-consent-withdrawal",
    ),
    path("review/queue/", review_api.QueueView.as_view(), name="review-queue"),
    path(
        "review/applications/<int:application_id>/",
        review_api.ReviewDetailView.as_view(),
        name="review-detail",
    ),
    path(
        "review/applications/<int:application_id>/review/",
        review_api.ReviewDraftView.as_view(),
        name="review-draft",
    ),
    path(
        "review/applications/<int:application_id>/review/submit/",
        review_api.ReviewSubmitView.as_view(),
        name="review-submit",
    ),
    path("review/proposal/", review_api.ProposalView.as_view(), name="review-proposal"),
    path(
        "review/proposal/summary/",
        review_api.ProposalSummaryView.as_view(),
        name="review-proposal-summary",
    ),
    path("schedule/", modules_api.PublicScheduleView.as_view(), name="schedule"),
    path("me/programme/sessions/", modules_api.MySessionsView.as_view(), name="my-sessions"),
    path("me/programme/assignments/", modules_api.MyAssignmentsView.as_view(), name="my-assignments"),
    path("me/programme/certificate/", modules_api.MyCertificateView.as_view(), name="my-certificate"),
    path("me/programme/finalist/", modules_api.MyFinalistView.as_view(), name="my-finalist"),
    path("me/programme/finalist/confirm/", modules_api.FinalistConfirmView.as_view(), name="my-finalist-ok"),
    path("me/programme/finalist/decline/", modules_api.FinalistDeclineView.as_view(), name="my-finalist-no"),
    path("me/team/", teams_api.MyTeamView.as_view(), name="my-team"),
    path("me/team/preferences/", teams_api.MyTeamPreferencesView.as_view(), name="my-team-preferences"),
    path("teams/", teams_api.TeamListView.as_view(), name="team-list"),
    path("teams/<int:team_id>/", teams_api.TeamDetailView.as_view(), name="team-detail"),
    path("projects/", projects_api.ProjectListView.as_view(), name="project-list"),
    path("projects/checkpoints/", projects_api.CheckpointListView.as_view(), name="checkpoint-list"),
    path("projects/<int:project_id>/", projects_api.ProjectDetailView.as_view(), name="project-detail"),
    path("final/presentations/", final_api.PresentationListView.as_view(), name="final-presentations"),
    path(
        "final/presentations/<int:pk>/",
        final_api.PresentationDetailView.as_view(),
        name="final-presentation",
    ),
    path("final/results/", jury_api.ResultsView.as_view(), name="final-results"),
    path("me/jury/scores/", jury_api.MyScoresView.as_view(), name="my-jury-scores"),
]
