from django.urls import path

from teams.projects import views

app_name = "projects"

urlpatterns = [
    path("<int:team_id>/projects/", views.team_projects_view, name="team_projects"),
    path("<int:team_id>/projects/new/", views.project_new, name="project_new"),
    path("<int:team_id>/projects/<int:project_id>/", views.project_view, name="project"),
    path("<int:team_id>/projects/<int:project_id>/edit/", views.project_edit, name="project_edit"),
    path("<int:team_id>/projects/<int:project_id>/links/", views.link_add, name="link_add"),
    path(
        "<int:team_id>/projects/<int:project_id>/links/<int:link_id>/remove/",
        views.link_remove,
        name="link_remove",
    ),
    path(
        "<int:team_id>/projects/<int:project_id>/checkpoints/<int:checkpoint_id>/report/",
        views.report,
        name="report",
    ),
    path("<int:team_id>/projects/<int:project_id>/comments/", views.comment_add, name="comment_add"),
]
