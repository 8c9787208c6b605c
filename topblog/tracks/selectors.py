"""Reads of season data shared by pages, the API and other apps."""

from django.db.models import Prefetch, QuerySet

from topblog.tracks.models import Direction, Region, Season, Stage, StageKind


def season_current() -> Season | None:
    """The season marked current, with its stages in date order, or None between seasons."""
    return (
        Season.objects.filter(is_current=True)
        .prefetch_related(Prefetch("stages", queryset=Stage.objects.order_by("starts_at")))
        .first()
    )


def application_window(*, season: Season) -> Stage | None:
    """The season's application window (its "applications" stage), if it has one."""
    # all(): the stages season_current() prefetched, without another query.
    return next((stage for stage in season.stages.all() if stage.kind == StageKind.APPLICATIONS), None)


def direction_list() -> QuerySet[Direction]:
    return Direction.objects.order_by("position", "name")


def region_list() -> QuerySet[Region]:
    return Region.objects.order_by("name")
