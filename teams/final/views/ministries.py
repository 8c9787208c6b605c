"""The ministries' view of the final (/final/) and the organizers' downloads from it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from teams.final import charts
from teams.final.exports import presentations_zip_response, projects_xlsx_response
from teams.final.reach import Reach, Totals
from teams.final.selectors.ministries import final_overview, sees_final_view
from teams.final.services.presentations import presentations_lock
from topblog.accounts.models import Role
from topblog.tracks.selectors import season_current


def _season_or_404():
    season = season_current()
    if season is None:
        raise Http404
    return season


def is_organizer(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_role(Role.ORGANIZER))


@require_GET
@login_required
def final_view(request: HttpRequest) -> HttpResponse:
    """A ministry curator sees their direction's team; leadership and organizers every
    direction side by side; anyone else 404."""
    if not sees_final_view(request.user):
        raise Http404
    season = _season_or_404()
    overview = final_overview(user=request.user, season_id=season.pk)
    blocks = []
    for view in overview.teams:
        key = view.team.direction.code
        blocks.append(
            {
                "view": view,
                "checkpoint_chart": charts.by_checkpoint(
                    view.reach,
                    overview.checkpoints,
                    dom_id=f"reach-{key}",
                    title=_("Охват команды «%(direction)s» по контрольным точкам")
                    % {"direction": view.team.direction.name_i18n},
                ),
                "platform_chart": charts.by_platform(
                    view.reach,
                    dom_id=f"platforms-{key}",
                    title=_("Охват команды «%(direction)s» по площадкам")
                    % {"direction": view.team.direction.name_i18n},
                ),
                "projects": [
                    {
                        "view": project,
                        "chart": charts.by_checkpoint(
                            project.reach,
                            overview.checkpoints,
                            dom_id=f"reach-project-{project.project.pk}",
                            title=_("Охват проекта «%(title)s» по контрольным точкам")
                            % {"title": project.project.title},
                        ),
                        "platforms": charts.by_platform(
                            project.reach,
                            dom_id=f"reach-project-{project.project.pk}-platforms",
                            title=_("Охват проекта «%(title)s» по площадкам")
                            % {"title": project.project.title},
                        ),
                    }
                    for project in view.projects
                ],
            }
        )
    comparison = None
    if len(overview.teams) > 1:
        # The directions side by side: their reach at the latest checkpoint each reported.
        summed = Reach(
            by_platform={
                str(view.team.direction.name_i18n): _latest(view.reach, overview.checkpoints)
                for view in overview.teams
            }
        )
        comparison = charts.by_platform(
            summed, dom_id="directions", title=_("Охват по направлениям на последнюю контрольную точку")
        )
    return render(
        request,
        "final/overview.html",
        {
            "season": season,
            "blocks": blocks,
            "comparison": comparison,
            "checkpoints": overview.checkpoints,
            "organizer": is_organizer(request.user),
        },
    )


def _latest(reach: Reach, checkpoints) -> Totals:
    for checkpoint in reversed(checkpoints):
        if checkpoint.pk in reach.by_checkpoint:
            return reach.by_checkpoint[checkpoint.pk]
    return Totals()


def _organizer_season(request: HttpRequest):
    if not request.user.is_authenticated or not is_organizer(request.user):
        raise Http404
    return _season_or_404()


@require_GET
@login_required
def projects_export(request: HttpRequest) -> HttpResponse:
    return projects_xlsx_response(season_id=_organizer_season(request).pk)


@require_GET
@login_required
def presentations_export(request: HttpRequest) -> HttpResponse:
    season = _organizer_season(request)
    # Lazily, in case the beat has not run since the deadline passed.
    presentations_lock(season_id=season.pk)
    return presentations_zip_response(season_id=season.pk)
