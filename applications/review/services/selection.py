"""The selection: the proposal kept for organizers, their overrides with a written
reason, and the publication that tells every applicant their result, once."""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import rules
from applications.models import Application, ApplicationStatus
from applications.review.models import Decision, Selection, SelectionDecision
from applications.review.proposal import PROPOSED_FIELDS, UNDECIDED, Proposal, selection_proposal
from applications.review.selectors import IN_REVIEW
from applications.services import application_status_change
from topblog.accounts.models import User
from topblog.tracks.models import Direction, Season

logger = logging.getLogger(__name__)


def _selection_locked(season_id: int) -> Selection:
    Selection.objects.get_or_create(season_id=season_id)
    return Selection.objects.select_for_update().get(season_id=season_id)


def _published_refuse(selection: Selection) -> None:
    if selection.published_at is not None:
        raise ValidationError(
            _("Итоги отбора уже опубликованы: решения больше не меняются."), code="published"
        )


def selection_propose(*, season_id: int, by: User | None) -> Proposal:
    """Compute the season's proposal and keep it for organizers.

    Steps, in one transaction: lock the season's selection (refused once published);
    compute the proposal from the reviews as they stand (ValidationError when the
    minimums of a role exceed its quota); write each application's standing and
    proposed decision, keeping every override an organizer made; drop the decisions of
    applications no longer in review; record who computed it and when.
    """
    season = Season.objects.get(pk=season_id)
    with transaction.atomic():
        selection = _selection_locked(season_id)
        _published_refuse(selection)
        try:
            proposal = selection_proposal(season=season)
        except ValueError as error:
            raise ValidationError(
                _(
                    "Минимумы отбора одной роли в сумме больше её квоты: "
                    "исправьте их в настройках экспертизы."
                ),
                code="minimums",
            ) from error
        direction_ids = dict(Direction.objects.values_list("code", "pk"))
        existing = {d.pk: d for d in SelectionDecision.objects.filter(selection=selection)}
        fresh, changed = [], []
        for row in proposal.rows:
            values = {
                "role": row.role,
                "direction_id": direction_ids[row.direction],
                "rank": row.rank,
                "score": row.score,
                "disagreement": row.disagreement,
                "reviews_done": row.reviews_done,
                "proposed": row.proposed,
                "held_out_reason": row.held_out_reason,
            }
            decision = existing.pop(row.application_id, None)
            if decision is None:
                fresh.append(
                    SelectionDecision(application_id=row.application_id, selection=selection, **values)
                )
                continue
            for name, value in values.items():
                setattr(decision, name, value)
            changed.append(decision)
        SelectionDecision.objects.bulk_create(fresh, batch_size=1000)
        SelectionDecision.objects.bulk_update(changed, PROPOSED_FIELDS, batch_size=1000)
        SelectionDecision.objects.filter(pk__in=list(existing)).delete()
        selection.proposed_at, selection.proposed_by = timezone.now(), by
        selection.save(update_fields=["proposed_at", "proposed_by"])
    logger.info(
        "Season %s: proposal of %s applications (%s held out) computed by %s",
        season_id,
        len(proposal.rows),
        len(proposal.held_out),
        getattr(by, "pk", None),
    )
    return proposal


def selection_override(*, application_id: int, decision: str, reason: str, by: User) -> SelectionDecision:
    """An organizer's own decision on one application, with the reason written down;
    an empty ``decision`` returns it to the proposed one. Refused once published."""
    reason = reason.strip()
    if decision and decision not in Decision.values:
        raise ValidationError({"decision": _("Выберите «Отобран» или «Не отобран».")})
    if decision and not reason:
        raise ValidationError({"reason": _("Напишите, почему решение отличается от предложенного.")})
    if len(reason) > rules.STATUS_REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("Обоснование — не длиннее %(max)s знаков.")
                % {"max": rules.STATUS_REASON_MAX_LENGTH}
            }
        )
    with transaction.atomic():
        row = SelectionDecision.objects.select_for_update().select_related("selection").get(pk=application_id)
        _published_refuse(row.selection)
        row.override, row.override_reason = decision, reason if decision else ""
        row.overridden_by, row.overridden_at = (by, timezone.now()) if decision else (None, None)
        row.save(update_fields=["override", "override_reason", "overridden_by", "overridden_at"])
    logger.info("Application %s: selection decision %r by %s", application_id, decision or "proposed", by.pk)
    return row


def selection_publish_refusal(*, selection: Selection) -> ValidationError | None:
    """Why the selection cannot be published now, or None: no proposal yet, an
    application in review missing from it, or one held out without an organizer's
    decision. The publish page shows it; publishing checks it again under its lock."""
    if selection.proposed_at is None:
        return ValidationError(_("Сначала рассчитайте предложение отбора."), code="no_proposal")
    in_review = Application.objects.filter(season_id=selection.season_id, status__in=IN_REVIEW)
    missing = in_review.filter(selection_decision__isnull=True).count()
    if missing:
        return ValidationError(
            _("Заявок на экспертизе нет в предложении: %(count)s. Пересчитайте предложение.")
            % {"count": missing},
            code="stale_proposal",
        )
    undecided = (
        SelectionDecision.objects.filter(selection=selection, application__in=in_review)
        .filter(UNDECIDED)
        .count()
    )
    if undecided:
        return ValidationError(
            _("Отложенных заявок без решения организатора: %(count)s. Примите решение по каждой.")
            % {"count": undecided},
            code="undecided",
        )
    return None


@dataclass(frozen=True)
class PublishResult:
    selected: int
    not_selected: int
    # True when the selection had been published already: nothing changed, nobody was told again.
    already: bool = False


def selection_publish(*, season_id: int, by: User | None) -> PublishResult:
    """Publish the season's selection.

    Steps, in one transaction: lock the season's selection, so that of two organizers
    publishing at once the second waits and then finds it published (nothing changes
    and nobody is told twice); refuse without a proposal, while an application in
    review is missing from it, or while one held out has no organizer's decision;
    change each application in review to its decision through the status service
    (one still "подана" goes through "на экспертизе"), which records the history and
    tells the applicant once; mark the selection published.
    """
    with transaction.atomic():
        selection = _selection_locked(season_id)
        if selection.published_at is not None:
            return PublishResult(selected=0, not_selected=0, already=True)
        refusal = selection_publish_refusal(selection=selection)
        if refusal is not None:
            raise refusal
        in_review = Application.objects.filter(season_id=season_id, status__in=IN_REVIEW)
        decisions = SelectionDecision.objects.filter(selection=selection, application__in=in_review)
        counts = {Decision.SELECTED: 0, Decision.NOT_SELECTED: 0}
        for decision in decisions.select_related("application").order_by("application_id"):
            if decision.application.status == ApplicationStatus.SUBMITTED:
                application_status_change(
                    application_id=decision.pk, to_status=ApplicationStatus.UNDER_REVIEW, changed_by=by
                )
            application_status_change(application_id=decision.pk, to_status=decision.final, changed_by=by)
            counts[decision.final] += 1
        selection.published_at, selection.published_by = timezone.now(), by
        selection.save(update_fields=["published_at", "published_by"])
    logger.info(
        "Season %s: selection published by %s: %s selected, %s not selected",
        season_id,
        getattr(by, "pk", None),
        counts[Decision.SELECTED],
        counts[Decision.NOT_SELECTED],
    )
    return PublishResult(selected=counts[Decision.SELECTED], not_selected=counts[Decision.NOT_SELECTED])
