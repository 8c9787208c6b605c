"""Teams in the API: my team, and the teams the requester sees (a member theirs, a
curator their direction's, the ministries' leadership and organizers all). Every
queryset comes from ``teams.selectors``; a team outside it is a 404."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from teams import selectors
from teams.serializers import TeamSerializer
from topblog.tracks.selectors import season_current


def _season_id() -> int:
    season = season_current()
    if season is None:
        raise Http404
    return season.pk


@extend_schema(tags=["teams"], summary="Моя команда")
class MyTeamView(generics.RetrieveAPIView):
    serializer_class = TeamSerializer

    def get_object(self):
        membership = selectors.membership_of(user=self.request.user, season_id=_season_id())
        if membership is None:
            raise Http404
        return selectors.teams_filled([membership.team])[0]


@extend_schema(tags=["teams"], summary="Команды, которые мне видны")
class TeamListView(generics.ListAPIView):
    serializer_class = TeamSerializer
    # One team per direction: a season has a handful, never a page's worth.
    pagination_class = None

    def get_queryset(self):
        return selectors.teams_filled(
            list(selectors.teams_visible_to(user=self.request.user, season_id=_season_id()))
        )


@extend_schema(tags=["teams"], summary="Команда")
class TeamDetailView(generics.RetrieveAPIView):
    serializer_class = TeamSerializer

    def get_object(self):
        found = selectors.team_visible(
            user=self.request.user, season_id=_season_id(), team_id=self.kwargs["team_id"]
        )
        if found is None:
            raise Http404
        return selectors.teams_filled([found])[0]
