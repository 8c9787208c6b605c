"""Teams in the API: a finalist's wishes for a team, my team, and the teams the
requester sees (a member theirs, a curator their direction's, the ministries' leadership
and organizers all). Every queryset comes from ``teams.selectors``; a team outside it is
a 404."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from applications.api import ServiceView
from modules.models.finalists import SEATED_STATUSES
from modules.selectors.finalists import finalist_of
from modules.views.common import trainee_of
from teams import selectors
from teams.serializers import PreferenceSerializer, TeamSerializer
from teams.services.preferences import team_preference_save
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


def _seated(request):
    trainee = trainee_of(request)
    finalist = finalist_of(application_id=trainee.application.pk) if trainee else None
    if finalist is None or finalist.status not in SEATED_STATUSES:
        raise Http404
    return trainee


def _preferences(trainee) -> Response:
    stated = selectors.preference_of(application_id=trainee.application.pk)
    return Response(
        PreferenceSerializer(
            {
                "directions": stated.directions if stated else [],
                "offered": [d.code for d in selectors.season_directions(season_id=trainee.season.pk)],
                "updated_at": stated.updated_at if stated else None,
                "open": not selectors.teams_formed(season_id=trainee.season.pk),
            }
        ).data
    )


class MyTeamPreferencesView(ServiceView):
    """A seated finalist's wishes for a team; 404 to anyone else."""

    conflict_codes = frozenset({"formed", "not_seated"})

    @extend_schema(tags=["teams"], summary="Мои пожелания по команде", responses=PreferenceSerializer)
    def get(self, request):
        return _preferences(_seated(request))

    @extend_schema(
        tags=["teams"],
        summary="Указать пожелания по команде (направления, лучшее первым)",
        request=PreferenceSerializer,
        responses=PreferenceSerializer,
    )
    def put(self, request):
        trainee = _seated(request)
        serializer = PreferenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        team_preference_save(
            application_id=trainee.application.pk,
            directions=serializer.validated_data["directions"],
            by=request.user,
        )
        return _preferences(trainee)
