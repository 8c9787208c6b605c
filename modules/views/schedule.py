"""A trainee's own schedule and the secret calendar address a calendar app subscribes to."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from modules.ical import calendar_ics
from modules.selectors.members import member_of
from modules.selectors.schedule import calendar_feed_of, calendar_feed_owner, season_stages, sessions_of
from modules.services.schedule import calendar_feed_renew
from modules.views.common import Trainee, trainee_page
from topblog.tracks.selectors import season_current


def _by_stage(stages, sessions):
    """The stages in order, each with its sessions."""
    grouped = {stage.pk: [] for stage in stages}
    for session in sessions:
        grouped.setdefault(session.stage_id, []).append(session)
    return [(stage, grouped[stage.pk]) for stage in stages]


@require_GET
@trainee_page
def my_schedule(request: HttpRequest, trainee: Trainee) -> HttpResponse:
    stages = season_stages(trainee.season)
    sessions = sessions_of(member=trainee.member, season_id=trainee.season.pk)
    feed = calendar_feed_of(user=request.user)
    feed_url = (
        request.build_absolute_uri(reverse("modules:calendar_feed", args=[feed.token])) if feed else None
    )
    return render(
        request,
        "modules/my_schedule.html",
        {
            "season": trainee.season,
            "schedule": _by_stage(stages, sessions),
            "now": timezone.now(),
            "feed": feed,
            "feed_url": feed_url,
        },
    )


@require_POST
@trainee_page
def calendar_renew(request: HttpRequest, trainee: Trainee) -> HttpResponse:
    had_one = calendar_feed_of(user=request.user) is not None
    calendar_feed_renew(user=request.user)
    messages.success(
        request,
        _("Новая ссылка на календарь готова. Старая больше не работает: подпишитесь заново.")
        if had_one
        else _("Ссылка на календарь готова: добавьте её в приложение календаря."),
    )
    return redirect(reverse("modules:my_schedule") + "#calendar")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's schedule as iCalendar, for calendar apps, which cannot sign in: the
    secret address is the key. An old or made-up address is 404."""
    owner = calendar_feed_owner(token=token)
    season = season_current()
    member = member_of(user=owner, season=season) if owner else None
    if member is None:
        raise Http404
    with translation.override(owner.language):
        body = calendar_ics(
            stages=season_stages(season),
            sessions=sessions_of(member=member, season_id=season.pk),
            host=request.get_host().split(":")[0],
            now=timezone.now(),
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="topblog.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
