"""The people's side of the teams: a finalist's wishes for a direction, and the team
pages a member, their direction's curators and the ministries' leadership see. A team
outside what the person may see (``selectors.teams_visible_to``) is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from modules.models.finalists import SEATED_STATUSES
from modules.selectors.finalists import finalist_of
from modules.views.common import Trainee, trainee_page
from teams import selectors
from teams.models import Team
from teams.preference_form import PreferenceForm
from teams.services.preferences import team_preference_save
from topblog.tracks.models import Season
from topblog.tracks.selectors import season_current


@require_http_methods(["GET", "POST"])
@trainee_page
def preferences(request: HttpRequest, trainee: Trainee) -> HttpResponse:
    finalist = finalist_of(application_id=trainee.application.pk)
    if finalist is None or finalist.status not in SEATED_STATUSES:
        raise Http404
    directions = selectors.season_directions(season_id=trainee.season.pk)
    stated = selectors.preference_of(application_id=trainee.application.pk)
    formed = selectors.teams_formed(season_id=trainee.season.pk)
    form = PreferenceForm(
        request.POST if request.method == "POST" else None,
        directions=directions,
        initial=PreferenceForm.initial_for(stated.directions if stated else []),
    )
    if request.method == "POST" and form.is_valid():
        try:
            team_preference_save(
                application_id=trainee.application.pk, directions=form.ranked(), by=request.user
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Пожелания по команде сохранены."))
            return redirect("teams:preferences")
    return render(
        request,
        "teams/preferences.html",
        {
            "form": form,
            "stated": stated,
            "stated_directions": selectors.directions_named(stated.directions if stated else []),
            "formed": formed,
            "finalist": finalist,
        },
        status=400 if form.errors else 200,
    )


def _season() -> Season:
    season = season_current()
    if season is None:
        raise Http404
    return season


def _page(request: HttpRequest, teams: list[Team], template: str) -> HttpResponse:
    selectors.teams_filled(teams)
    return render(request, template, {"teams": teams, "team": teams[0] if len(teams) == 1 else None})


@require_GET
@login_required
@never_cache
def team_list(request: HttpRequest) -> HttpResponse:
    """The teams the person sees: a member or a curator goes straight to theirs, the
    ministries' leadership and organizers see them side by side."""
    season = _season()
    teams = list(selectors.teams_visible_to(user=request.user, season_id=season.pk))
    if not teams:
        raise Http404
    if len(teams) == 1 and not selectors.sees_every_team(request.user):
        return redirect("teams:team", team_id=teams[0].pk)
    return _page(request, teams, "teams/team_list.html")


@require_GET
@login_required
@never_cache
def team(request: HttpRequest, team_id: int) -> HttpResponse:
    season = _season()
    found = selectors.team_visible(user=request.user, season_id=season.pk, team_id=team_id)
    if found is None:
        raise Http404
    return _page(request, [found], "teams/team.html")
