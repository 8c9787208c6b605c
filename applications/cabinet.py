"""Where an applicant stands in the season, for the personal cabinet: the season's
stages as a timeline with the one under way now, and what happens next for their status
and when. Stages are read as given (the selector already ordered them); nothing is queried."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from applications.models import ApplicationStatus
from topblog.tracks.models import StageKind


class StageLike(Protocol):
    kind: str
    starts_at: datetime
    ends_at: datetime

    def phase(self, at: datetime) -> str: ...


@dataclass(frozen=True)
class TimelineStep:
    stage: StageLike
    state: str  # the stage's phase: "past", "current" or "future"
    is_next: bool = False  # the first future stage when none is under way


@dataclass(frozen=True)
class NextStep:
    """What happens next, as a code the template words, and the date it is about."""

    code: str
    at: datetime | None = None


def timeline(stages: Iterable[StageLike], *, now: datetime) -> list[TimelineStep]:
    stages = sorted(stages, key=lambda s: s.starts_at)
    states = [s.phase(now) for s in stages]
    next_index = (
        None if "current" in states else next((i for i, st in enumerate(states) if st == "future"), None)
    )
    return [
        TimelineStep(stage=s, state=st, is_next=i == next_index)
        for i, (s, st) in enumerate(zip(stages, states, strict=True))
    ]


def current_stage(steps: Sequence[TimelineStep]) -> StageLike | None:
    return next((step.stage for step in reversed(steps) if step.state == "current"), None)


def next_step(status: str, stages: Iterable[StageLike], *, now: datetime) -> NextStep:
    by_kind = {s.kind: s for s in stages}
    window = by_kind.get(StageKind.APPLICATIONS)
    review = by_kind.get(StageKind.PORTFOLIO_REVIEW)
    results = by_kind.get(StageKind.SELECTION_RESULTS)
    education = by_kind.get(StageKind.EDUCATION)
    if status == ApplicationStatus.DRAFT:
        if window is None:
            return NextStep("submit")
        phase = window.phase(now)
        if phase == "future":
            return NextStep("window_opens", window.starts_at)
        if phase == "current":
            return NextStep("submit_by", window.ends_at)
        return NextStep("window_closed", window.ends_at)
    if status == ApplicationStatus.SUBMITTED:
        if review is not None and review.phase(now) == "future":
            return NextStep("review_from", review.starts_at)
        return NextStep("results_on", results.starts_at) if results else NextStep("review_now")
    if status == ApplicationStatus.UNDER_REVIEW:
        return NextStep("results_on", results.starts_at) if results else NextStep("review_now")
    if status == ApplicationStatus.SELECTED:
        if education is not None and education.phase(now) == "future":
            return NextStep("education_from", education.starts_at)
        if education is not None and education.phase(now) == "current":
            return NextStep("education_now", education.ends_at)
        return NextStep("selected")
    if status == ApplicationStatus.NOT_SELECTED:
        return NextStep("not_selected")
    return NextStep("withdrawn")
