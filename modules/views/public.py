"""Pages anyone may open: the season's schedule and the check of a certificate."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from modules.selectors.certificates import certificate_verify
from modules.selectors.schedule import public_schedule as public_schedule_of
from topblog.tracks.selectors import season_current


@require_GET
def public_schedule(request: HttpRequest) -> HttpResponse:
    """The current season's stages and its public sessions."""
    season = season_current()
    stages, sessions = public_schedule_of(season=season) if season else ([], [])
    return render(
        request, "modules/public_schedule.html", {"season": season, "stages": stages, "sessions": sessions}
    )


@require_GET
def certificate_check(request: HttpRequest, number: str, code: str) -> HttpResponse:
    """Whether a certificate is genuine, and what it certifies: nothing more than the
    document itself shows. A made-up number or a wrong code is 404 alike."""
    certificate = certificate_verify(number=number, code=code)
    status = 200 if certificate else 404
    response = render(request, "modules/certificate_check.html", {"certificate": certificate}, status=status)
    # Shows a person's name: never kept by a shared cache, never indexed.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
