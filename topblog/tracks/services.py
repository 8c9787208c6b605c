"""Writes to season data that must keep an invariant beyond one row."""

import logging

from django.db import transaction

from topblog.tracks.models import Season

logger = logging.getLogger(__name__)


@transaction.atomic
def season_make_current(*, season: Season, made_by=None) -> Season:
    """Make ``season`` the one current season. The previous current season is unset in
    the same transaction; the partial unique constraint backs this against races."""
    list(Season.objects.select_for_update().filter(is_current=True))
    Season.objects.filter(is_current=True).exclude(pk=season.pk).update(is_current=False)
    Season.objects.filter(pk=season.pk).update(is_current=True)
    season.refresh_from_db()
    logger.info("Season %s made current by %s", season.pk, getattr(made_by, "pk", None))
    return season
