"""The teams' media projects in the API: the projects of every team the requester sees
(teams.selectors), with links, figures per checkpoint and reports, and the season's
checkpoints. A project outside that set is 404."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from teams.projects.models import CheckpointReport, ProjectLink, ReachFigure
from teams.projects.selectors import projects_visible_to, season_checkpoints
from teams.projects.serializers import CheckpointSerializer, ProjectSerializer
from teams.selectors import teams_visible_to
from topblog.tracks.selectors import season_current

TAGS = ["teams: media projects"]


def _projects(request):
    season = season_current()
    if season is None:
        return projects_visible_to(user=request.user, season_id=0)
    return (
        projects_visible_to(user=request.user, season_id=season.pk)
        .select_related("team__direction")
        .prefetch_related(
            Prefetch(
                "links",
                queryset=ProjectLink.objects.prefetch_related(
                    Prefetch("figures", queryset=ReachFigure.objects.select_related("checkpoint"))
                ),
            ),
            Prefetch("reports", queryset=CheckpointReport.objects.select_related("checkpoint")),
        )
        .order_by("team__number", "title", "pk")
    )


@extend_schema(tags=TAGS, summary="Медиапроекты команд, которые я вижу, с охватами и отчётами")
class ProjectListView(generics.ListAPIView):
    serializer_class = ProjectSerializer

    def get_queryset(self):
        return _projects(self.request)


@extend_schema(tags=TAGS, summary="Медиапроект с ссылками, охватами и отчётами")
class ProjectDetailView(generics.RetrieveAPIView):
    serializer_class = ProjectSerializer
    lookup_url_kwarg = "project_id"

    def get_queryset(self):
        return _projects(self.request)


@extend_schema(tags=TAGS, summary="Контрольные точки текущего сезона")
class CheckpointListView(generics.ListAPIView):
    serializer_class = CheckpointSerializer
    # A season has a handful: one page.
    pagination_class = None

    def get_queryset(self):
        season = season_current()
        # The same dates for everyone who sees a team; nothing for anyone else.
        if season is None or not teams_visible_to(user=self.request.user, season_id=season.pk).exists():
            return []
        return season_checkpoints(season_id=season.pk)
