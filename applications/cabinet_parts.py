"""Parts that later stages of the season add to the applicant's cabinet.

The cabinet belongs to intake, the lowest stage; review, the programme, teams and the
final come later and may not be imported here. Each of them registers a ``CabinetPart``
from its AppConfig.ready(), and the cabinet shows every part that has something for the
person, so adding a stage adds a file, not an edit to the cabinet.

A part is asked only for the application statuses it names, so a visit of one of the
thousands of applicants it does not concern costs it nothing. For those it concerns it
gives a fingerprint first (one cheap query; None when it has nothing to show): the
cabinet keeps its rendering under a key made of every fingerprint, so the part must
change its fingerprint whenever anything it renders changes. Only then, on a visit whose
key is new, is it asked to render.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.safestring import SafeString

# Where a part stands on the page: "lead" right under the status, for what the person
# must do now (confirm participation, upload a file); "main" after the season's timeline.
SLOTS = ("lead", "main")


@dataclass(frozen=True)
class HistoryEntry:
    """One step of a person's way through the season for the cabinet's history table,
    beside the application's status changes."""

    at: datetime
    # "applicant", "organizer" or "system", as personal_data.changed_by_label gives them.
    by: str
    before: str
    after: str
    reason: str = ""


@dataclass(frozen=True)
class CabinetPart:
    """``fingerprint``, ``render`` and ``history`` take keyword arguments ``user`` and
    ``state`` (the person's ``selectors.CabinetState``). ``render`` returns the part's
    HTML from its own template, in the active language. The rendering is shared by the
    person's browsers, so a part holds no form with a CSRF token: it links to a page of
    its own stage for anything posted, as the cabinet does for withdrawal.
    ``history`` adds entries to the history table; it is called when the part renders,
    so its entries must be covered by the fingerprint too."""

    name: str
    slot: str
    statuses: frozenset[str]
    fingerprint: Callable[..., Hashable | None]
    render: Callable[..., SafeString]
    history: Callable[..., list[HistoryEntry]] | None = None
    order: int = 100

    def __post_init__(self) -> None:
        if self.slot not in SLOTS:
            raise ValueError(f"A cabinet part's slot is one of {SLOTS}, not {self.slot!r}.")


_parts: dict[str, CabinetPart] = {}


def register_cabinet_part(part: CabinetPart) -> None:
    """Add ``part`` to every cabinet; called once per part from an AppConfig.ready()."""
    if part.name in _parts:
        raise ValueError(f"A cabinet part named {part.name!r} is already registered.")
    _parts[part.name] = part


def unregister_cabinet_part(name: str) -> None:
    """For tests that register a part of their own."""
    _parts.pop(name, None)


def cabinet_parts_for(status: str) -> list[CabinetPart]:
    """The registered parts that may concern an application in ``status``, in page order."""
    return sorted((p for p in _parts.values() if status in p.statuses), key=lambda p: (p.order, p.name))


@dataclass(frozen=True)
class Shown:
    """A part with something for this person, and the fingerprint of what it shows."""

    part: CabinetPart
    fingerprint: Any


def cabinet_parts_shown(*, user, state) -> list[Shown]:
    """The parts that have something for this person now, with their fingerprints."""
    shown = []
    for part in cabinet_parts_for(state.status):
        fingerprint = part.fingerprint(user=user, state=state)
        if fingerprint is not None:
            shown.append(Shown(part=part, fingerprint=fingerprint))
    return shown
