from django.shortcuts import render
from django.utils import timezone

from topblog.tracks import selectors


def landing(request):
    """The public front page: the track, its directions, its key dates, how to apply."""
    season = selectors.season_current()
    stages = list(season.stages.all()) if season else []
    applications = selectors.application_window(season=season) if season else None
    return render(
        request,
        "tracks/landing.html",
        {
            "season": season,
            "stages": stages,
            "directions": selectors.direction_list(),
            "applications_stage": applications,
            "applications_phase": applications.phase(timezone.now()) if applications else None,
        },
    )
