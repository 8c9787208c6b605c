"""What the trainees' pages share: who the requesting trainee is, or a 404."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from applications.models import Application
from modules import validators
from modules.audience import Member
from modules.selectors.members import member_of, trainee_application
from topblog.tracks.models import Season
from topblog.tracks.selectors import season_current


@dataclass(frozen=True)
class Trainee:
    season: Season
    application: Application
    member: Member


def trainee_of(request: HttpRequest) -> Trainee | None:
    """The requesting person as a trainee of the current season, or None."""
    season = season_current()
    application = trainee_application(user=request.user, season=season)
    member = member_of(user=request.user, season=season) if application else None
    if application is None or member is None:
        return None
    return Trainee(season=season, application=application, member=member)


def notice(request: HttpRequest, *, title: str, text: str, status: int = 200) -> HttpResponse:
    return render(
        request, "applications/notice.html", {"title": title, "text": text, "cabinet": True}, status=status
    )


def trainee_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page of the trainee's own: signed in, never cached, and 404 to anyone who is
    not a trainee of the current season, so it says nothing about who takes part.
    The view gets the Trainee after the request."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        trainee = trainee_of(request)
        if trainee is None:
            return notice(
                request, title=_("Страница недоступна"), text=str(validators.NOT_A_TRAINEE), status=404
            )
        return view(request, trainee, *args, **kwargs)

    return wrapped
