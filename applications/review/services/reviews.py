"""An expert's review: a draft kept as they go, then submitted. A submitted review may
be changed and submitted again until its due date; nothing changes once the season's
selection is published. Submitting renormalises the expert's scores (their z-scores
against their own totals) and may call in one more expert when two disagree."""

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import scoring
from applications.models import ReviewAssignment
from applications.review import selectors
from applications.review.models import Criterion, Review, ReviewState, Score
from applications.review.services.assignment import disagreement_reviewer_add
from topblog.accounts.models import User

logger = logging.getLogger(__name__)

COMMENT_MAX_LENGTH = Review._meta.get_field("comment").max_length


def criterion_field(criterion_id: int) -> str:
    """The name a criterion's score goes by in forms, the API and their errors."""
    return f"criterion_{criterion_id}"


@dataclass(frozen=True)
class ReviewInput:
    """What the expert entered: a score per criterion id (None where none is given yet)
    and a comment."""

    scores: Mapping[int, int | None]
    comment: str = ""


def _checked(data: ReviewInput, criteria: list[Criterion], *, complete: bool) -> dict[int, int]:
    """The given scores, each within its criterion's scale; every criterion scored when
    ``complete``. ValidationError by field otherwise."""
    by_id = {c.pk: c for c in criteria}
    errors: dict[str, str] = {}
    for criterion_id in data.scores:
        if criterion_id not in by_id:
            errors[criterion_field(criterion_id)] = _("Такого критерия в этом сезоне нет.")
    scores = {}
    for criterion in criteria:
        value = data.scores.get(criterion.pk)
        if value is None:
            if complete:
                errors[criterion_field(criterion.pk)] = _("Поставьте балл по критерию «%(name)s».") % {
                    "name": criterion.name
                }
        elif not criterion.scale_min <= value <= criterion.scale_max:
            errors[criterion_field(criterion.pk)] = _("Балл — от %(min)s до %(max)s.") % {
                "min": criterion.scale_min,
                "max": criterion.scale_max,
            }
        else:
            scores[criterion.pk] = value
    if len(data.comment) > COMMENT_MAX_LENGTH:
        errors["comment"] = _("Комментарий — не длиннее %(max)s знаков.") % {"max": COMMENT_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    return scores


def _write(*, application_id: int, expert: User, data: ReviewInput, submit: bool) -> Review:
    now = timezone.now()
    assignment = (
        ReviewAssignment.objects.select_for_update(of=("self",))
        .select_related("application")
        .get(application_id=application_id, expert=expert, cancelled_at__isnull=True)
    )
    season_id = assignment.application.season_id
    review = Review.objects.filter(assignment=assignment).first()
    refusal = selectors.review_refusal(
        assignment=assignment,
        review=review,
        published=selectors.selection_published(season_id=season_id),
        now=now,
        submit=submit,
    )
    if refusal is not None:
        raise refusal
    criteria = selectors.criteria_of(season_id=season_id)
    if not criteria:
        raise ValidationError(_("Организаторы ещё не задали критерии оценки."), code="no_criteria")
    if review is None:
        review = Review.objects.create(assignment=assignment)
    scores = _checked(data, criteria, complete=submit)
    review.scores.all().delete()
    Score.objects.bulk_create(
        Score(review=review, criterion_id=pk, value=value) for pk, value in scores.items()
    )
    review.comment = data.comment
    if submit:
        weights = {c.pk: float(c.weight) for c in criteria}
        review.total = sum(weights[pk] * value for pk, value in scores.items())
        review.state, review.submitted_at = ReviewState.SUBMITTED, now
        # A placeholder for the constraint; the expert's z-scores are computed right below.
        review.z_score = review.z_score if review.z_score is not None else 0.0
    review.save()
    if submit:
        _expert_scores_normalise(expert_id=expert.pk, season_id=season_id)
        disagreement_reviewer_add(application_id=application_id, season_id=season_id, now=now)
    return review


def _expert_scores_normalise(*, expert_id: int, season_id: int) -> None:
    """Each submitted review of the expert in the season gets its z-score against the
    expert's own totals (applications.scoring), so lists sort and average in SQL."""
    reviews = list(
        Review.objects.filter(
            state=ReviewState.SUBMITTED,
            assignment__expert_id=expert_id,
            assignment__application__season_id=season_id,
        ).only("pk", "total", "z_score")
    )
    z_scores = scoring.review_z_scores(
        [scoring.Review(application_id=r.pk, expert_id=expert_id, total=r.total) for r in reviews]
    )
    changed = []
    for review, z in zip(reviews, z_scores, strict=True):
        if review.z_score != z:
            review.z_score = z
            changed.append(review)
    Review.objects.bulk_update(changed, ["z_score"], batch_size=500)


def review_draft_save(*, application_id: int, expert: User, data: ReviewInput) -> Review:
    """Keep what the expert has scored so far (each given score within its scale) and
    the comment, without submitting. Refused for a review already submitted, for an
    application no longer in review and once the selection is published.
    Assignment.DoesNotExist when the application is not assigned to this expert."""
    with transaction.atomic():
        review = _write(application_id=application_id, expert=expert, data=data, submit=False)
    logger.info("Review draft of application %s saved by expert %s", application_id, expert.pk)
    return review


def review_submit(*, application_id: int, expert: User, data: ReviewInput) -> Review:
    """Submit the expert's review.

    Steps, in one transaction: lock the assignment; refuse an application no longer
    in review, a published selection, a review already submitted once its due date
    has passed, and any criterion left unscored or off its scale; write the scores,
    the comment and the weighted total; renormalise the expert's scores in the season;
    assign one more expert if two comparable experts now disagree beyond the season's
    threshold. ReviewAssignment.DoesNotExist when the application is not theirs.
    """
    with transaction.atomic():
        review = _write(application_id=application_id, expert=expert, data=data, submit=True)
    logger.info("Review of application %s submitted by expert %s", application_id, expert.pk)
    return review
