"""Reads of the review stage shared by the expert's pages, the API, the admin, the
commands, tasks and later stages. Everything an expert gets is already scoped to them."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from applications import scoring
from applications.models import ApplicationDirection, ApplicationStatus, ReviewAssignment
from applications.review.models import (
    Criterion,
    ExpertProfile,
    Review,
    ReviewSettings,
    ReviewState,
    Selection,
    SelectionMinimum,
)
from topblog.accounts.models import Role

S = ApplicationStatus
# The statuses in which an application is judged: assigned experts, reviews, proposal.
IN_REVIEW = (S.SUBMITTED, S.UNDER_REVIEW)
SUBMITTED_REVIEW = Q(review__state=ReviewState.SUBMITTED)


def review_settings_of(*, season_id: int) -> ReviewSettings:
    """The season's settings of the review; the defaults (unsaved) when none were made."""
    return ReviewSettings.objects.filter(season_id=season_id).first() or ReviewSettings(season_id=season_id)


def criteria_of(*, season_id: int) -> list[Criterion]:
    return list(Criterion.objects.filter(review_settings_id=season_id).order_by("position", "pk"))


def minimums_of(*, season_id: int) -> dict[tuple[str, str], int]:
    """(role, direction code) -> the season's minimum of selected."""
    rows = SelectionMinimum.objects.filter(review_settings_id=season_id).values_list(
        "role", "direction__code", "minimum"
    )
    return {(role, direction): minimum for role, direction, minimum in rows}


def selection_published(*, season_id: int) -> bool:
    return Selection.objects.filter(season_id=season_id, published_at__isnull=False).exists()


def first_direction(field: str = "direction__code", *, of: str = "pk") -> Subquery:
    """``field`` of the application's first direction, as a subquery on the outer
    query's ``of`` (the application's id)."""
    first = ApplicationDirection.objects.filter(application=OuterRef(of), rank=1)
    return Subquery(first.values(field)[:1])


def season_reviews(*, season_id: int) -> list[scoring.Review]:
    """Every submitted review of the season, as the scoring core takes them."""
    rows = Review.objects.filter(
        state=ReviewState.SUBMITTED, assignment__application__season_id=season_id
    ).values_list("assignment__application_id", "assignment__expert_id", "total")
    return [scoring.Review(application_id=a, expert_id=e, total=t) for a, e, t in rows]


def review_scores(*, season_id: int) -> dict[int, float]:
    """Application id -> its normalised score (applications.scoring.normalise) over the
    season's submitted reviews. The programme's finalists ranking blends it in."""
    return scoring.normalise(season_reviews(season_id=season_id))


def disagreeing_applications(
    *, season_id: int, review_settings: ReviewSettings, application_ids: list[int] | None = None
) -> set[int]:
    """Applications on which two experts' normalised scores differ by more than the
    season's threshold, counting only experts with enough submitted reviews for their
    scores to mean something (``comparable_after``)."""
    submitted = Review.objects.filter(
        state=ReviewState.SUBMITTED, assignment__application__season_id=season_id
    )
    comparable = (
        submitted.values("assignment__expert_id")
        .annotate(done=Count("pk"))
        .filter(done__gte=review_settings.comparable_after)
        .values("assignment__expert_id")
    )
    rows = submitted.filter(assignment__expert_id__in=comparable)
    if application_ids is not None:
        rows = rows.filter(assignment__application_id__in=application_ids)
    spread: dict[int, list[float]] = {}
    for application_id, z in rows.values_list("assignment__application_id", "z_score"):
        spread.setdefault(application_id, []).append(z)
    return {
        application_id
        for application_id, zs in spread.items()
        if len(zs) >= 2 and max(zs) - min(zs) > review_settings.disagreement_threshold
    }


# --- the expert's side


def user_is_expert(user) -> bool:
    """An expert who may work: the role, and not taken off the review by organizers."""
    if not getattr(user, "is_authenticated", False) or not user.has_role(Role.EXPERT):
        return False
    return not ExpertProfile.objects.filter(user=user, is_active=False).exists()


def _assignments_of(user) -> QuerySet[ReviewAssignment]:
    """The expert's active assignments in the current season, of applications still in it."""
    return ReviewAssignment.objects.filter(
        expert=user, cancelled_at__isnull=True, application__season__is_current=True
    ).exclude(application__status=S.WITHDRAWN)


QUEUE_SHOWS = ("todo", "overdue", "done")


def expert_queue(*, user, show: str, now: datetime) -> QuerySet[ReviewAssignment]:
    """The expert's assignments for one tab of the queue: to do (overdue first, then by
    due date), overdue, or done (last submitted first)."""
    assignments = (
        _assignments_of(user)
        .select_related("application", "review")
        .annotate(
            direction_code=first_direction(of="application_id"),
            direction_name=first_direction("direction__name", of="application_id"),
            direction_name_en=first_direction("direction__name_en", of="application_id"),
        )
    )
    if show == "done":
        return assignments.filter(SUBMITTED_REVIEW).order_by("-review__submitted_at", "pk")
    unfinished = assignments.exclude(SUBMITTED_REVIEW).order_by("due_at", "application_id")
    return unfinished.filter(due_at__lt=now) if show == "overdue" else unfinished


@dataclass(frozen=True)
class QueueCounts:
    todo: int
    overdue: int
    done: int


def expert_queue_counts(*, user, now: datetime) -> QueueCounts:
    counts = _assignments_of(user).aggregate(
        todo=Count("pk", filter=~SUBMITTED_REVIEW),
        overdue=Count("pk", filter=~SUBMITTED_REVIEW & Q(due_at__lt=now)),
        done=Count("pk", filter=SUBMITTED_REVIEW),
    )
    return QueueCounts(**counts)


def expert_next(*, user, now: datetime, after: int | None = None) -> int | None:
    """The application the expert should open next: the first of their to-do list other
    than ``after``."""
    todo = expert_queue(user=user, show="todo", now=now)
    if after is not None:
        todo = todo.exclude(application_id=after)
    return todo.values_list("application_id", flat=True).first()


def expert_assignment(*, user, application_id: int) -> ReviewAssignment:
    """The expert's active assignment of the application, with everything the scoring
    page shows; ReviewAssignment.DoesNotExist for any application not assigned to them."""
    from_queue = _assignments_of(user).select_related(
        "application__season",
        "application__region",
        "application__ministry_direction",
        "application__applicant",
    )
    return from_queue.prefetch_related(
        "application__direction_choices__direction",
        "application__social_accounts",
        "application__content_links",
        "application__ideas",
        "application__files",
    ).get(application_id=application_id)


def review_of(assignment: ReviewAssignment) -> tuple[Review | None, dict[int, int]]:
    """The expert's review of the assignment, if started, and its scores by criterion id."""
    review = Review.objects.filter(pk=assignment.pk).prefetch_related("scores").first()
    if review is None:
        return None, {}
    return review, {score.criterion_id: score.value for score in review.scores.all()}


def review_refusal(
    *, assignment: ReviewAssignment, review: Review | None, published: bool, now: datetime, submit: bool
) -> ValidationError | None:
    """Why the expert may not write this review now, or None: the application left
    review, the selection is published, or a review already submitted is saved as a
    draft or changed after its due date. The pages ask it to show the form read-only."""
    if assignment.application.status not in IN_REVIEW:
        return ValidationError(_("Заявка больше не на экспертизе."), code="not_in_review")
    if published:
        return ValidationError(_("Итоги отбора опубликованы: оценки больше не меняются."), code="published")
    if review is not None and review.state == ReviewState.SUBMITTED:
        if not submit:
            return ValidationError(
                _("Оценка уже отправлена: измените её и отправьте снова."), code="already_submitted"
            )
        if assignment.due_at is not None and now > assignment.due_at:
            return ValidationError(
                _("Срок оценки прошёл: отправленную оценку изменить нельзя."), code="past_due"
            )
    return None


def review_editable(assignment: ReviewAssignment, review: Review | None, *, now: datetime) -> bool:
    """Whether the expert may still submit this review (review_refusal)."""
    published = selection_published(season_id=assignment.application.season_id)
    return (
        review_refusal(assignment=assignment, review=review, published=published, now=now, submit=True)
        is None
    )


# --- organizers: progress of the review


def experts_with_workload(experts: QuerySet[ExpertProfile], *, now: datetime) -> QuerySet[ExpertProfile]:
    """``experts`` with their work in the current season counted: ``assigned_count``,
    ``done_count`` and ``overdue_count`` (subqueries, no query per row)."""
    work = ReviewAssignment.objects.filter(
        expert=OuterRef("user_id"), cancelled_at__isnull=True, application__season__is_current=True
    ).exclude(application__status=S.WITHDRAWN)

    def counted(assignments: QuerySet[ReviewAssignment]) -> Coalesce:
        per_expert = assignments.order_by().values("expert").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(per_expert, output_field=IntegerField()), 0)

    return experts.annotate(
        assigned_count=counted(work),
        done_count=counted(work.filter(SUBMITTED_REVIEW)),
        overdue_count=counted(work.exclude(SUBMITTED_REVIEW).filter(due_at__lt=now)),
    )


@dataclass(frozen=True)
class ProgressRow:
    label: str
    assigned: int
    done: int
    overdue: int

    @property
    def left(self) -> int:
        return self.assigned - self.done


def _season_assignments(season_id: int) -> QuerySet[ReviewAssignment]:
    return ReviewAssignment.objects.filter(
        application__season_id=season_id, cancelled_at__isnull=True
    ).exclude(application__status=S.WITHDRAWN)


def _progress_counts(now: datetime) -> dict:
    return {
        "assigned": Count("pk"),
        "done": Count("pk", filter=SUBMITTED_REVIEW),
        "overdue": Count("pk", filter=~SUBMITTED_REVIEW & Q(due_at__lt=now)),
    }


def review_progress_by_expert(*, season_id: int, now: datetime) -> list[ProgressRow]:
    rows = (
        _season_assignments(season_id)
        .values("expert_id", "expert__email", "expert__last_name", "expert__first_name")
        .annotate(**_progress_counts(now))
        .order_by("-overdue", "expert__last_name", "expert__email")
    )
    return [
        ProgressRow(
            label=" ".join(p for p in (r["expert__last_name"], r["expert__first_name"]) if p)
            or r["expert__email"],
            assigned=r["assigned"],
            done=r["done"],
            overdue=r["overdue"],
        )
        for r in rows
    ]


def review_progress_by_direction(*, season_id: int, now: datetime) -> list[ProgressRow]:
    """The same per first direction, named in the active language."""
    english = get_language() == "en"
    rows = (
        _season_assignments(season_id)
        .annotate(
            name=first_direction("direction__name", of="application_id"),
            name_en=first_direction("direction__name_en", of="application_id"),
            position=first_direction("direction__position", of="application_id"),
        )
        .values("name", "name_en", "position")
        .annotate(**_progress_counts(now))
        .order_by("position")
    )
    return [
        ProgressRow(
            label=(r["name_en"] if english and r["name_en"] else r["name"]) or "—",
            assigned=r["assigned"],
            done=r["done"],
            overdue=r["overdue"],
        )
        for r in rows
    ]


# --- reminders


@dataclass(frozen=True)
class Overdue:
    expert_id: int
    count: int
    earliest_due_at: datetime


def reviews_overdue(*, now: datetime) -> list[Overdue]:
    """Experts with reviews past their due date in the current season, before its
    selection is published: how many and since when."""
    rows = (
        ReviewAssignment.objects.filter(
            cancelled_at__isnull=True,
            due_at__lt=now,
            application__season__is_current=True,
            application__status__in=IN_REVIEW,
            expert__is_active=True,
        )
        .exclude(SUBMITTED_REVIEW)
        .exclude(
            Exists(
                Selection.objects.filter(
                    season_id=OuterRef("application__season_id"), published_at__isnull=False
                )
            )
        )
        .values("expert_id")
        .annotate(count=Count("pk"), earliest=Min("due_at"))
        .order_by("expert_id")
    )
    return [Overdue(expert_id=r["expert_id"], count=r["count"], earliest_due_at=r["earliest"]) for r in rows]
