"""Reads of the dashboard: whose version of the page a person may see, and the page's
figures, gathered from every registered provider and kept in the cache for a minute."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from topblog.accounts.models import Role
from topblog.dashboard.figures import Section, Table
from topblog.dashboard.funnel import funnel_section
from topblog.dashboard.regionmap import RegionMap, RegionRow, region_map
from topblog.dashboard.registry import Audience, Scope, providers_for
from topblog.tracks.models import Direction, Region, Season
from topblog.tracks.selectors import direction_list, season_current

# The figures are an organizer's overview, not a live counter: a minute old at most is
# fresh enough, and a page reloaded by many people costs the database once a minute.
CACHE_SECONDS = 60
# In the cache key: raise it when the cached classes change shape, so a release never
# unpickles the previous release's objects from a shared cache.
CACHE_FORMAT = 1


@dataclass(frozen=True)
class Viewer:
    audience: Audience
    direction_id: int | None = None


def viewer_of(user) -> Viewer | None:
    """Whose version of the dashboard ``user`` sees, or None for someone who sees none
    (applicants, experts, anonymous visitors). An organizer sees everything; ministry
    leadership the ministries' counts; a curator those of their own direction."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser or user.has_role(Role.ORGANIZER):
        return Viewer(Audience.ORGANIZERS)
    if user.has_role(Role.MINISTRY_LEADERSHIP):
        return Viewer(Audience.LEADERSHIP)
    if user.has_role(Role.MINISTRY_CURATOR) and user.curated_direction_id is not None:
        return Viewer(Audience.CURATOR, user.curated_direction_id)
    return None


@dataclass(frozen=True)
class Dashboard:
    """The page's figures as computed at ``computed_at``; ``season_label`` is None when
    there is no current season."""

    computed_at: datetime
    season_label: str | None
    direction_name: str | None
    funnel: Section | None
    region_map: RegionMap | None
    sections: tuple[Section, ...]

    def tables(self) -> dict[str, Table]:
        """Every table on the page by key: what the downloads offer."""
        parts = [self.funnel, *self.sections]
        tables = [table for part in parts if part is not None for table in part.tables]
        if self.region_map is not None:
            tables += self.region_map.tables
        return {table.key: table for table in tables}


def season_previous(season: Season) -> Season | None:
    """The season of the same project and track that came last before ``season``."""
    return (
        Season.objects.filter(project=season.project, track=season.track, number__lt=season.number)
        .order_by("-number")
        .first()
    )


def direction_name(direction: Direction) -> str:
    """A direction's name in the active language, for providers' tables too."""
    return direction.name_en if get_language() == "en" and direction.name_en else direction.name


def _region_name():
    """A region's name in the active language; the Russian one where no English is kept."""
    if get_language() == "en":
        return Coalesce(NullIf("name_en", Value("")), "name")
    return F("name")


def _cache_key(viewer: Viewer, language: str) -> str:
    # The registered providers are part of the key: a release that adds one shows it at once.
    providers = ",".join(p.key for p in providers_for(viewer.audience))
    digest = hashlib.sha256(providers.encode()).hexdigest()[:12]
    return f"dashboard:{CACHE_FORMAT}:{viewer.audience}:{viewer.direction_id or ''}:{language}:{digest}"


def dashboard_of(viewer: Viewer) -> Dashboard:
    """The viewer's figures in the active language, computed at most a minute ago."""
    key = _cache_key(viewer, get_language())
    dashboard = cache.get(key)
    if dashboard is None:
        dashboard = dashboard_build(viewer, now=timezone.now())
        cache.set(key, dashboard, CACHE_SECONDS)
    return dashboard


def dashboard_build(viewer: Viewer, *, now: datetime) -> Dashboard:
    """Ask every provider of the viewer's audience for its figures about the current
    season and lay them out: the funnel, the map and the sections in their order."""
    season = season_current()
    if season is None:
        return Dashboard(now, None, None, None, None, ())
    direction = Direction.objects.get(pk=viewer.direction_id) if viewer.direction_id else None
    scope = Scope(
        audience=viewer.audience,
        season=season,
        previous_season=season_previous(season),
        direction=direction,
        now=now,
    )
    contributions = [provider.collect(scope) for provider in providers_for(viewer.audience)]
    steps = [step for c in contributions for step in c.funnel]
    measures = [measure for c in contributions for measure in c.region_measures]
    funnel = None
    if steps:
        names = {} if direction else {d.code: direction_name(d) for d in direction_list()}
        funnel = funnel_section(steps, direction_names=names, by_direction=direction is None)
    regions = None
    if measures:
        rows = Region.objects.annotate(shown_name=_region_name()).values_list(
            "id", "code", "shown_name", "federal_district", "population_thousands"
        )
        regions = region_map(measures, [RegionRow(*row) for row in rows])
    sections = sorted((s for c in contributions for s in c.sections), key=lambda s: s.position)
    return Dashboard(
        computed_at=now,
        season_label=_("Сезон %(number)s") % {"number": season.number},
        direction_name=direction_name(direction) if direction else None,
        funnel=funnel,
        region_map=regions,
        sections=tuple(sections),
    )
