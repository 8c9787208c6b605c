"""Who reviews what. ``assign_reviewers`` gives every application of the season the
experts it still wants, evenly (the planner in applications.review.assignment), and
moves it to "на экспертизе" through the status service; a disagreement between two
experts adds one more. Runs of one season never overlap: each locks the season's
review settings."""

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus, ReviewAssignment
from applications.review import assignment, selectors
from applications.review.models import ExpertProfile, ReviewSettings
from applications.services import application_status_change
from topblog.accounts.models import Role, User
from topblog.notifications.models import Event
from topblog.notifications.services import notification_send

logger = logging.getLogger(__name__)

Reason = ReviewAssignment.Reason


@dataclass(frozen=True)
class AssignmentRun:
    assigned: int  # new assignments
    experts_told: int  # experts who got a mail, one each
    moved_to_review: int  # applications moved from "подана" to "на экспертизе"
    # Applications still short of experts (application id -> how many): nobody eligible
    # was free. Organizers invite more experts for their directions and run it again.
    short: dict[int, int]

    def summary(self) -> str:
        """What the run did, as the admin and the command report it."""
        done = _(
            "Новых назначений: %(assigned)s; писем экспертам: %(experts)s; заявок переведено на экспертизу: "
            "%(moved)s."
        ) % {"assigned": self.assigned, "experts": self.experts_told, "moved": self.moved_to_review}
        if not self.short:
            return done
        short = _(
            "Не хватило свободных экспертов без конфликтов для заявок (%(count)s), "
            "например №%(example)s: пригласите экспертов их направлений и назначьте ещё раз."
        ) % {"count": len(self.short), "example": min(self.short)}
        return f"{done} {short}"


def review_settings_locked(*, season_id: int) -> ReviewSettings:
    """The season's review settings, created with the defaults if need be, locked for
    the caller's transaction: the one lock that keeps runs of a season apart."""
    ReviewSettings.objects.get_or_create(season_id=season_id)
    return ReviewSettings.objects.select_for_update().get(season_id=season_id)


def _published_refuse(season_id: int) -> None:
    if selectors.selection_published(season_id=season_id):
        raise ValidationError(
            _("Итоги отбора этого сезона опубликованы: экспертов больше не назначают."), code="published"
        )


def experts_available() -> list[assignment.Expert]:
    """Every expert who may get work: active, with the role, with their directions,
    ministry and declared conflicts."""
    profiles = (
        ExpertProfile.objects.filter(is_active=True, user__is_active=True, user__groups__name=Role.EXPERT)
        .select_related("ministry")
        .prefetch_related("directions", "conflicts__region")
    )
    experts = []
    for profile in profiles:
        conflicts = list(profile.conflicts.all())
        experts.append(
            assignment.Expert(
                expert_id=profile.user_id,
                directions=frozenset(d.code for d in profile.directions.all()),
                ministry=profile.ministry.code if profile.ministry else None,
                people=frozenset(c.person_id for c in conflicts if c.person_id),
                regions=frozenset(c.region.code for c in conflicts if c.region_id),
                organizations=tuple(c.organization.casefold() for c in conflicts if c.organization),
            )
        )
    return experts


def _loads(season_id: int) -> dict[int, int]:
    rows = (
        ReviewAssignment.objects.filter(application__season_id=season_id, cancelled_at__isnull=True)
        .values("expert_id")
        .annotate(held=Count("pk"))
    )
    return {row["expert_id"]: row["held"] for row in rows}


@dataclass(frozen=True)
class _Wants:
    needs: list[assignment.Need]
    reasons: dict[int, str]
    # Applications still "подана", and those that already have an active assignment.
    submitted: set[int]
    covered: set[int]


def _wants(
    *,
    season_id: int,
    review_settings: ReviewSettings,
    disagreeing: set[int],
    application_ids: list[int] | None = None,
) -> _Wants:
    """What each application of the season in review still wants: the season's number
    of experts, one more once its experts disagreed, less those it has."""
    applications = Application.objects.filter(season_id=season_id, status__in=selectors.IN_REVIEW)
    held = ReviewAssignment.objects.filter(application__season_id=season_id)
    if application_ids is not None:
        applications = applications.filter(pk__in=application_ids)
        held = held.filter(application_id__in=application_ids)
    ever: dict[int, set[int]] = {}
    active: Counter[int] = Counter()
    had: dict[int, set[str]] = {}
    for application_id, expert_id, cancelled_at, reason in held.values_list(
        "application_id", "expert_id", "cancelled_at", "reason"
    ):
        ever.setdefault(application_id, set()).add(expert_id)
        if cancelled_at is None:
            active[application_id] += 1
        had.setdefault(application_id, set()).add("cancelled" if cancelled_at else reason)
    rows = applications.annotate(
        direction=selectors.first_direction(),
        region_code=F("region__code"),
        ministry=F("ministry_direction__code"),
    ).values_list(
        "pk", "applicant_id", "role", "status", "direction", "ministry", "region_code", "department"
    )
    wants = _Wants(needs=[], reasons={}, submitted=set(), covered=set())
    for pk, applicant_id, role, status, direction, ministry, region, department in rows:
        if status == ApplicationStatus.SUBMITTED:
            wants.submitted.add(pk)
        if active[pk]:
            wants.covered.add(pk)
        past = had.get(pk, set())
        extra = Reason.DISAGREEMENT in past or pk in disagreeing
        wanted = review_settings.reviewers_per_application + extra - active[pk]
        if wanted <= 0 or direction is None:
            continue
        if pk in disagreeing and Reason.DISAGREEMENT not in past:
            wants.reasons[pk] = Reason.DISAGREEMENT
        else:
            wants.reasons[pk] = Reason.REPLACEMENT if "cancelled" in past else Reason.INITIAL
        wants.needs.append(
            assignment.Need(
                application_id=pk,
                applicant_id=applicant_id,
                role=role,
                direction=direction,
                wanted=wanted,
                ministry=ministry,
                region=region,
                organization=department,
                assigned=frozenset(ever.get(pk, ())),
            )
        )
    return wants


def _assigned_tell(*, per_expert: Counter, due_at: datetime, occasion: str) -> None:
    """One mail per expert for everything this run gave them."""
    people = User.objects.in_bulk(list(per_expert))
    for expert_id, count in sorted(per_expert.items()):
        notification_send(
            event=Event.REVIEW_ASSIGNED,
            recipients=[people[expert_id]],
            context={
                "name": people[expert_id].first_name,
                "count": count,
                "due_at": due_at.isoformat(),
                "review_url": reverse("review:queue"),
            },
            occasion=occasion,
        )


def _fill(
    *,
    season_id: int,
    review_settings: ReviewSettings,
    disagreeing: set[int],
    by,
    now: datetime,
    occasion: str,
    application_ids: list[int] | None = None,
) -> AssignmentRun:
    """Plan, write, move to review and tell, inside the caller's locked transaction."""
    wants = _wants(
        season_id=season_id,
        review_settings=review_settings,
        disagreeing=disagreeing,
        application_ids=application_ids,
    )
    planned = assignment.plan(wants.needs, experts_available(), _loads(season_id))
    due_at = now + timedelta(days=review_settings.due_days)
    ReviewAssignment.objects.bulk_create(
        (
            ReviewAssignment(
                application_id=a,
                expert_id=e,
                reason=wants.reasons[a],
                due_at=due_at,
                blind=review_settings.blind_review,
            )
            for a, e in planned.pairs
        ),
        batch_size=1000,
    )
    to_review = sorted(wants.submitted & (wants.covered | {a for a, _e in planned.pairs}))
    for application_id in to_review:
        application_status_change(
            application_id=application_id, to_status=ApplicationStatus.UNDER_REVIEW, changed_by=by
        )
    per_expert = Counter(e for _a, e in planned.pairs)
    _assigned_tell(per_expert=per_expert, due_at=due_at, occasion=occasion)
    return AssignmentRun(
        assigned=len(planned.pairs),
        experts_told=len(per_expert),
        moved_to_review=len(to_review),
        short=planned.short,
    )


def assign_reviewers(*, season_id: int, by=None, now: datetime | None = None) -> AssignmentRun:
    """Give every submitted application of the season its experts.

    Steps, in one transaction: lock the season's review settings (runs never overlap);
    refuse once the selection is published; find what each application submitted or
    under review still wants (the season's number of experts judging its first
    direction, one more where two comparable experts disagree beyond the threshold,
    less the active assignments it has), so a second run only fills what is missing;
    plan evenly among eligible experts without conflicts; write the assignments with
    the due date and the blind flag of the season; move the applications that now
    have experts to "на экспертизе" through the status service; mail each expert once
    with the number of new applications.
    """
    now = now or timezone.now()
    with transaction.atomic():
        review_settings = review_settings_locked(season_id=season_id)
        _published_refuse(season_id)
        disagreeing = selectors.disagreeing_applications(season_id=season_id, review_settings=review_settings)
        run = _fill(
            season_id=season_id,
            review_settings=review_settings,
            disagreeing=disagreeing,
            by=by,
            now=now,
            occasion=f"review-{season_id}-{now:%Y%m%dT%H%M%S%f}",
        )
    logger.info(
        "Season %s: %s assignments for %s experts, %s applications to review, %s short, by %s",
        season_id,
        run.assigned,
        run.experts_told,
        run.moved_to_review,
        len(run.short),
        getattr(by, "pk", None),
    )
    return run


def disagreement_reviewer_add(*, application_id: int, season_id: int, now: datetime) -> bool:
    """One more expert for the application when its experts disagree beyond the
    season's threshold and it has not had one for that yet. Inside the caller's
    transaction (a review's submission). True when an expert was added."""
    review_settings = review_settings_locked(season_id=season_id)
    disagreeing = selectors.disagreeing_applications(
        season_id=season_id, review_settings=review_settings, application_ids=[application_id]
    )
    if not disagreeing:
        return False
    run = _fill(
        season_id=season_id,
        review_settings=review_settings,
        disagreeing=disagreeing,
        by=None,
        now=now,
        occasion=f"review-disagreement-{application_id}",
        application_ids=[application_id],
    )
    if run.assigned:
        logger.info("Application %s: experts disagree, one more assigned", application_id)
    return bool(run.assigned)


def review_settings_apply(*, season_id: int) -> int:
    """Bring the season's open assignments in line with its settings after an edit:
    whether experts see the application blind. Due dates already given stay."""
    blind = selectors.review_settings_of(season_id=season_id).blind_review
    with transaction.atomic():
        changed = (
            ReviewAssignment.objects.filter(application__season_id=season_id, cancelled_at__isnull=True)
            .exclude(blind=blind)
            .update(blind=blind)
        )
    logger.info("Season %s: blind review %s on %s assignments", season_id, blind, changed)
    return changed
