"""The experts' work in the demo season: who reviews what (the real planner, the demo
expert login served first), when each submits, with which points a harsh or a lenient
expert gives, a third expert where two disagree, and all of it written in bulk."""

import math
import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F

from applications import scoring
from applications.models import Application, ReviewAssignment
from applications.review import assignment
from applications.review.models import Criterion, Review, ReviewState, Score
from topblog.demo import plans

BATCH = 1000
# The demo expert login (last of the experts) starts this many assignments below the
# others, so that even a small demo shows them a queue with every state in it.
DEMO_HEAD_START = 12
COMMENTS = {
    "high": (
        "Сильная авторская подача и живая аудитория.",
        "Идеи проработаны, видно понимание темы.",
        "Готовый участник команды: есть и охват, и содержание.",
    ),
    "middle": (
        "Хороший потенциал, но идеям не хватает конкретики.",
        "Контент ровный, стоит поработать над подачей.",
        "Интересная тема, аудитория пока небольшая.",
    ),
    "low": (
        "Портфолио не раскрывает опыт автора.",
        "Идеи слабо связаны с направлением.",
        "Мало собственного контента, больше репостов.",
    ),
}


@dataclass
class Assigned:
    application_id: int
    expert_id: int
    reason: str
    assigned_at: datetime
    submitted_at: datetime | None = None  # None: not submitted (yet)
    draft: bool = False
    scores: tuple[int, ...] = ()
    comment: str = ""

    weights: tuple[float, ...] = ()

    @property
    def total(self) -> float:
        return float(sum(weight * value for weight, value in zip(self.weights, self.scores, strict=True)))


class Reviewing:
    """The experts' work on the applications under review: who was assigned, when they
    submitted what, and a third expert where two disagreed. ``finished``: the review
    stage is over and everyone submitted before it closed."""

    def __init__(
        self,
        rng: random.Random,
        experts: list[assignment.Expert],
        criteria: list[Criterion],
        *,
        due_days: int,
        now: datetime,
        closes: datetime,
        finished: bool,
    ) -> None:
        self.rng, self.experts, self.criteria = rng, experts, criteria
        self.weights = tuple(float(c.weight) for c in criteria)
        self.due_days, self.now, self.closes, self.finished = due_days, now, closes, finished
        # Harsh or lenient, and how widely each expert spreads their points.
        self.style = {e.expert_id: (rng.gauss(0, 1.0), rng.uniform(0.6, 1.3)) for e in experts}
        self.assigned: list[Assigned] = []
        self.merit: dict[int, float] = {}

    @property
    def submitted(self) -> list[Assigned]:
        return [a for a in self.assigned if a.submitted_at is not None]

    def run(self, under_review: list[tuple[Application, plans.ApplicantPlan]]) -> None:
        needs, started = [], {}
        for row, plan in under_review:
            reach = (math.log10(plan.total_followers + 10) - 3.5) / 1.2 if plan.role == "blogger" else 0.0
            self.merit[row.pk] = reach + self.rng.gauss(0, 0.9)
            started[row.pk] = plan.history[-1].at
            needs.append(
                assignment.Need(
                    application_id=row.pk,
                    applicant_id=row.applicant_id,
                    role=plan.role,
                    direction=plan.directions[0],
                    wanted=2,
                    ministry=plan.ministry_direction,
                    region=plan.region_code,
                    organization=plan.department,
                )
            )
        # The demo expert login first (DEMO_HEAD_START).
        first = assignment.plan(needs, self.experts, loads={self.experts[-1].expert_id: -DEMO_HEAD_START})
        for application_id, expert_id in first.pairs:
            self._work(
                Assigned(application_id, expert_id, ReviewAssignment.Reason.INITIAL, started[application_id])
            )
        self._disagreements(needs, first.pairs)

    def _disagreements(self, needs: list[assignment.Need], pairs: list[tuple[int, int]]) -> None:
        """A third expert where the two submitted reviews are more than 1.5 apart."""
        done = self.submitted
        standings = scoring.standings(scoring.Review(a.application_id, a.expert_id, a.total) for a in done)
        finished_at: dict[int, list[datetime]] = {}
        for a in done:
            finished_at.setdefault(a.application_id, []).append(a.submitted_at)
        disputed = {pk for pk, s in standings.items() if s.reviews == 2 and s.disagreement > 1.5}
        on = {}
        for application_id, expert_id in pairs:
            on.setdefault(application_id, set()).add(expert_id)
        extra = [
            assignment.Need(
                **{**n.__dict__, "wanted": 1, "assigned": frozenset(on.get(n.application_id, ()))}
            )
            for n in needs
            if n.application_id in disputed
        ]
        loads = Counter(e for _a, e in pairs)
        for application_id, expert_id in assignment.plan(extra, self.experts, loads).pairs:
            self._work(
                Assigned(
                    application_id,
                    expert_id,
                    ReviewAssignment.Reason.DISAGREEMENT,
                    max(finished_at[application_id]),
                )
            )

    def _work(self, job: Assigned) -> None:
        rng = self.rng
        harsh, spread = self.style[job.expert_id]
        merit = self.merit[job.application_id]
        middle = {c.pk: (c.scale_min + c.scale_max) / 2 for c in self.criteria}
        job.scores = tuple(
            max(
                c.scale_min,
                min(c.scale_max, round(middle[c.pk] + 1.8 * spread * (merit + rng.gauss(0, 0.5)) - harsh)),
            )
            for c in self.criteria
        )
        job.weights = self.weights
        if self.finished:
            job.submitted_at = job.assigned_at + (self.closes - job.assigned_at) * rng.uniform(0.05, 0.9)
        else:
            # Most submit within the due days, some late; what lies ahead of now is not done yet.
            moment = job.assigned_at + timedelta(days=rng.uniform(0.3, self.due_days + 5))
            if moment <= self.now:
                job.submitted_at = moment
            else:
                job.draft = rng.random() < 0.3
        if job.submitted_at is not None or job.draft:
            band = "high" if merit > 0.6 else "low" if merit < -0.6 else "middle"
            job.comment = rng.choice(COMMENTS[band]) if rng.random() < 0.5 else ""
        self.assigned.append(job)

    def write(self, *, blind: bool) -> None:
        """Assignments, reviews with their z-scores, and scores, in bulk."""
        rows = ReviewAssignment.objects.bulk_create(
            (
                ReviewAssignment(
                    application_id=a.application_id,
                    expert_id=a.expert_id,
                    reason=a.reason,
                    assigned_at=a.assigned_at,
                    due_at=a.assigned_at + timedelta(days=self.due_days),
                    blind=blind,
                )
                for a in self.assigned
            ),
            batch_size=BATCH,
        )
        submitted = [
            (row, a) for row, a in zip(rows, self.assigned, strict=True) if a.submitted_at is not None
        ]
        z = scoring.review_z_scores(
            [scoring.Review(a.application_id, a.expert_id, a.total) for _r, a in submitted]
        )
        z_by_row = {row.pk: value for (row, _a), value in zip(submitted, z, strict=True)}
        started = [(row, a) for row, a in zip(rows, self.assigned, strict=True) if a.submitted_at or a.draft]
        Review.objects.bulk_create(
            (
                Review(
                    assignment_id=row.pk,
                    comment=a.comment,
                    state=ReviewState.SUBMITTED if a.submitted_at else ReviewState.DRAFT,
                    total=a.total if a.submitted_at else None,
                    z_score=z_by_row.get(row.pk),
                    submitted_at=a.submitted_at,
                )
                for row, a in started
            ),
            batch_size=BATCH,
        )
        Score.objects.bulk_create(
            (
                Score(review_id=row.pk, criterion=criterion, value=value)
                for row, a in started
                for criterion, value in zip(self.criteria, a.scores, strict=True)
                # A draft has the first criteria scored, as far as the expert got.
                if a.submitted_at or criterion.position <= 3
            ),
            batch_size=BATCH * 5,
        )
        # Started and last changed when submitted, not when seeded. By the reviews' own keys:
        # a filter through the season joins tables PostgreSQL has no statistics of yet
        # (just written, in one transaction), and its plan took minutes.
        submitted_ids = [row.pk for row, _a in submitted]
        for start in range(0, len(submitted_ids), BATCH):
            Review.objects.filter(pk__in=submitted_ids[start : start + BATCH]).update(
                created_at=F("submitted_at"), updated_at=F("submitted_at")
            )
