from django.shortcuts import render
from django.utils import timezone

from topblog.tracks import selectors
from topblog.tracks.models import StageKind


def landing(request):
    """The public front page: the track, its directions, its key dates, how to apply."""
    season = selectors.season_current()
    stages = list(season.stages.all()) if season else []
    applications = next((s for s in stages if s.kind == StageKind.APPLICATIONS), None)
    return render(
        request,
        "tracks/landing.html",
        {
            "season": season,
            "stages": stages,
            "directions": selectors.direction_list(),
            "applications_open": bool(applications and applications.is_open(timezone.now())),
            "applications_stage": applications,
        },
    )
