"""The dashboard's registry of figure providers: how a stage of the season adds its
figures to the organizers' dashboard and to the ministries' page without this app
knowing the stage exists.

Adding a stage's figures
------------------------
1. In the stage's app, write a module (e.g. ``applications/review/dashboard.py``) with a
   function ``collect(scope: Scope) -> Contribution`` (see ``figures``): funnel steps,
   measures per region for the map, and sections of tables and charts.
2. Register it from the app's ``AppConfig.ready()``::

       from topblog.dashboard.registry import Audience, Provider, register_provider
       register_provider(Provider(key="review-progress", audiences=ORGANIZERS_ONLY, collect=collect))

That adds a file and a line in ``ready()``; the dashboard's views, templates, cache,
downloads and access checks stay as they are.

What ``collect`` must keep to
-----------------------------
- Every figure is an aggregate in the database (GROUP BY, conditional counts), never a
  loop over rows in Python, and ``collect`` runs a fixed number of queries whatever the
  season's size: tests pin the page's query count at two sizes.
- Only ``scope.season`` (and ``scope.previous_season`` for comparisons).
- Only what ``scope.audience`` may see (``Audience``). The dashboard asks a provider only
  for the audiences it lists, but within them the provider decides: organizers see
  everything and may see names (e.g. experts in review progress); ministry leadership
  and curators get counts only, never a name, email or phone number, and only what
  concerns the ministries; for a curator ``scope.direction`` is set and every figure
  counts only applications whose first direction it is.
- Labels in the active language (the dashboard caches per language); no HTML.
- Results are cached for ``selectors.CACHE_SECONDS`` and shown with the time they were
  computed, so a provider does not cache on its own.

Where the parts go
------------------
Funnel steps line up by ``FunnelStep.position``; the steps known so far:
100 accounts registered, 110 email confirmed, 200 applications started, 300 submitted,
400 reached review, 500 selected (applications); 450 reviewed (review); 600 on the
programme, 700 finalists (modules); 800 in teams (teams); 900 at the final (final).
Sections line up by ``Section.position``: 100 applications per day (applications),
200 review progress (review), 300 the programme, 400 teams and projects, 500 the final,
900 the notification outbox (notifications). Map measures by ``RegionMeasure.position``:
100 applications per 100,000 people, 110 applications, 200 selected (applications),
300 finalists (modules).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from topblog.dashboard.figures import Contribution
from topblog.tracks.models import Direction, Season


class Audience(StrEnum):
    """Who the figures are for."""

    # The admin's dashboard: everything.
    ORGANIZERS = "organizers"
    # The ministries' leadership: counts only, what concerns the ministries.
    LEADERSHIP = "leadership"
    # A ministry's curator: as leadership, and only their direction.
    CURATOR = "curator"


ALL_AUDIENCES = frozenset(Audience)
ORGANIZERS_ONLY = frozenset({Audience.ORGANIZERS})


@dataclass(frozen=True)
class Scope:
    """What a provider is asked for: whose page, which season, and the moment "now" is
    (the same for every provider of one page)."""

    audience: Audience
    season: Season
    previous_season: Season | None
    direction: Direction | None
    now: datetime


@dataclass(frozen=True)
class Provider:
    key: str
    audiences: frozenset[Audience]
    collect: Callable[[Scope], Contribution]


_providers: dict[str, Provider] = {}


def register_provider(provider: Provider) -> None:
    """Adds a stage's figures. Registering the same provider again (a second ``ready()``
    in tests) is harmless; another one under a taken key is a mistake."""
    existing = _providers.get(provider.key)
    if existing is not None and existing != provider:
        raise ValueError(f"A dashboard provider keyed {provider.key!r} is already registered.")
    _providers[provider.key] = provider


def providers_for(audience: Audience) -> tuple[Provider, ...]:
    """The providers that show something to ``audience``, in registration order."""
    return tuple(p for p in _providers.values() if audience in p.audiences)
