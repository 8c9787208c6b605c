"""The finalists: the proposed list, its publication, confirmations, declines and the
waiting list. A finalist's status changes in one place, ``finalist_status_change``,
against the table below; every change is recorded and told once."""

import logging
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import ApplicationStatus
from modules.models import Finalist, FinalistChange, FinalistStatus, ProgrammeSettings, Skill
from modules.models.finalists import PUBLISHED_STATUSES, SEATED_STATUSES
from modules.selectors.finalists import finalists_overdue, finalists_to_remind, finalists_withdrawn
from modules.services.common import programme_settings_lock
from topblog.notifications.models import Event
from topblog.notifications.services import notification_send
from topblog.tracks.models import Season

logger = logging.getLogger(__name__)

F = FinalistStatus
# Which status may follow which. Anything not listed is refused.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    F.PROPOSED: frozenset({F.INVITED}),
    F.RESERVE: frozenset({F.WAITING}),
    F.INVITED: frozenset({F.CONFIRMED, F.DECLINED, F.EXPIRED}),
    F.WAITING: frozenset({F.INVITED, F.DECLINED}),
    F.CONFIRMED: frozenset({F.DECLINED}),
    F.DECLINED: frozenset(),
    F.EXPIRED: frozenset(),
}
# The changes the person is told about; the rest they see in their cabinet.
EVENT_FOR_CHANGE: dict[tuple[str, str], Event] = {
    (F.PROPOSED, F.INVITED): Event.FINALIST_INVITATION,
    (F.WAITING, F.INVITED): Event.WAITING_LIST_PROMOTION,
}
REASON_MAX_LENGTH = FinalistChange._meta.get_field("reason").max_length


def confirm_deadline(*, now: datetime, days: int) -> datetime:
    """The end of the Moscow day ``days`` days after ``now``: a person asked to answer
    within five days has all of the fifth."""
    day = timezone.localtime(now) + timedelta(days=days)
    return day.replace(hour=23, minute=59, second=59, microsecond=0)


def _invitation_context(finalist: Finalist) -> dict[str, str]:
    return {
        "name": finalist.application.first_name,
        "confirm_url": reverse("modules:finalist"),
        "confirm_by": finalist.confirm_by.isoformat(),
    }


def finalist_move(
    finalist: Finalist,
    to_status: str,
    *,
    by,
    reason: str,
    now: datetime,
    programme: ProgrammeSettings,
    seat: int | None = None,
) -> Finalist:
    """The change itself, inside the caller's transaction with the season's settings
    locked (finalist_status_change, or the list's publication): check, write, record,
    tell; and a seat freed goes to the next person waiting."""
    from_status = finalist.status
    if to_status not in ALLOWED_TRANSITIONS[from_status]:
        raise ValidationError(
            _("Статус финалиста нельзя сменить с «%(from)s» на «%(to)s».")
            % {"from": F(from_status).label, "to": F(to_status).label},
            code="transition_not_allowed",
        )
    freed = finalist.seat if from_status in SEATED_STATUSES and to_status not in SEATED_STATUSES else None
    finalist.status = to_status
    if to_status == F.INVITED:
        finalist.seat = seat
        finalist.invited_at = now
        finalist.confirm_by = confirm_deadline(now=now, days=programme.confirm_days)
    elif to_status not in SEATED_STATUSES:
        finalist.seat = None
    if to_status in (F.CONFIRMED, F.DECLINED):
        finalist.decided_at = now
    finalist.save()
    change = FinalistChange.objects.create(
        finalist=finalist,
        from_status=from_status,
        to_status=to_status,
        changed_by=by,
        changed_at=now,
        reason=reason,
    )
    event = EVENT_FOR_CHANGE.get((from_status, to_status))
    if event is not None:
        notification_send(
            event=event,
            recipients=[finalist.application.applicant],
            context=_invitation_context(finalist),
            occasion=f"finalist-{finalist.pk}-change-{change.pk}",
        )
    logger.info("Finalist %s: %s -> %s by %s", finalist.pk, from_status, to_status, getattr(by, "pk", None))
    if freed is not None:
        _promote(finalist, seat=freed, now=now, programme=programme)
    return finalist


def _promote(left: Finalist, *, seat: int, now: datetime, programme: ProgrammeSettings) -> None:
    """Invite the first person waiting in ``left``'s role and direction into the freed seat."""
    following = (
        Finalist.objects.select_for_update()
        .select_related("application__applicant")
        .filter(
            season_id=left.season_id,
            role=left.role,
            direction_id=left.direction_id,
            status=F.WAITING,
            application__status=ApplicationStatus.SELECTED,
        )
        .order_by("waiting_position", "pk")
        .first()
    )
    if following is None:
        logger.info(
            "Finalist seat %s of season %s is free: nobody waits in %s/%s",
            seat,
            left.season_id,
            left.role,
            left.direction_id,
        )
        return
    finalist_move(
        following,
        F.INVITED,
        by=None,
        reason=_("Освободилось место в командном модуле."),
        now=now,
        programme=programme,
        seat=seat,
    )


def finalist_status_change(
    *, finalist_id: int, to_status: str, by=None, reason: str = "", now: datetime | None = None
) -> Finalist:
    """Move a finalist to ``to_status``.

    Steps, in one transaction: lock the season's settings (so the season's seats change
    hands one move at a time) and the finalist's row; refuse a change the table does not
    allow; write it (a seat and a deadline to confirm with an invitation); append the
    history record; tell the person where the table says so, after commit; and when a
    seat is freed (a decline, a deadline passed), invite the next person waiting in the
    same role and direction into it, recorded and told the same way.
    """
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Причина — не длиннее %(max)s знаков.") % {"max": REASON_MAX_LENGTH}}
        )
    now = now or timezone.now()
    with transaction.atomic():
        season_id = Finalist.objects.values_list("season_id", flat=True).get(pk=finalist_id)
        programme = programme_settings_lock(season=Season.objects.get(pk=season_id))
        finalist = (
            Finalist.objects.select_for_update().select_related("application__applicant").get(pk=finalist_id)
        )
        return finalist_move(finalist, to_status, by=by, reason=reason, now=now, programme=programme)


def _own(*, application_id: int, by) -> Finalist:
    finalist = Finalist.objects.filter(
        application_id=application_id, application__applicant=by, status__in=PUBLISHED_STATUSES
    ).first()
    if finalist is None:
        raise PermissionDenied(_("Вы не в списке финалистов."))
    return finalist


def finalist_confirm(*, application_id: int, by, now: datetime | None = None) -> Finalist:
    """The person confirms their place, while the invitation stands."""
    now = now or timezone.now()
    finalist = _own(application_id=application_id, by=by)
    if finalist.status == F.INVITED and finalist.confirm_by < now:
        raise ValidationError(_("Срок подтверждения участия прошёл."), code="deadline_passed")
    return finalist_status_change(finalist_id=finalist.pk, to_status=F.CONFIRMED, by=by, now=now)


def finalist_decline(*, application_id: int, by, reason: str = "", now: datetime | None = None) -> Finalist:
    """The person gives up their place or their place on the waiting list."""
    finalist = _own(application_id=application_id, by=by)
    return finalist_status_change(
        finalist_id=finalist.pk, to_status=F.DECLINED, by=by, reason=reason, now=now
    )


def finalists_expire(*, now: datetime | None = None) -> int:
    """Beat: every invitation past its deadline expires and its seat goes on down the
    waiting list. One transaction per finalist; one answered meanwhile is left alone."""
    now = now or timezone.now()
    expired = 0
    for finalist_id in finalists_overdue(now=now):
        try:
            finalist_status_change(
                finalist_id=finalist_id,
                to_status=F.EXPIRED,
                reason=_("Участие не подтверждено в срок."),
                now=now,
            )
        except ValidationError:
            continue
        expired += 1
    return expired


def finalists_withdrawn_release(*, now: datetime | None = None) -> int:
    """Beat: a finalist whose application was withdrawn (the applications app knows
    nothing of finalists) gives up their seat or their place on the waiting list, and
    the seat goes on down the list."""
    released = 0
    for finalist_id in finalists_withdrawn():
        try:
            finalist_status_change(
                finalist_id=finalist_id, to_status=F.DECLINED, reason=_("Заявка отозвана."), now=now
            )
        except ValidationError:
            continue
        released += 1
    return released


def confirmation_reminders_send(*, now: datetime | None = None) -> int:
    """Beat: remind each invited finalist once, within their season's lead of the deadline."""
    now = now or timezone.now()
    due = finalists_to_remind(now=now)
    for finalist in due:
        notification_send(
            event=Event.CONFIRMATION_REMINDER,
            recipients=[finalist.application.applicant],
            context=_invitation_context(finalist),
            occasion=f"finalist-{finalist.pk}-invited-{finalist.invited_at:%Y%m%dT%H%M%S}-reminder",
        )
    return len(due)


def finalist_preferences_save(
    *, application_id: int, skills: list[str], accommodation_needed: bool, by
) -> Finalist:
    """What a seated finalist brings to a team and whether they need a room at «Сенеж»."""
    unknown = set(skills) - set(Skill.values)
    if unknown:
        raise ValidationError({"skills": _("Выберите из списка.")})
    with transaction.atomic():
        finalist = Finalist.objects.select_for_update().get(pk=_own(application_id=application_id, by=by).pk)
        if finalist.status not in SEATED_STATUSES:
            raise ValidationError(_("Пожелания указывают приглашённые финалисты."), code="not_seated")
        finalist.skills = [s for s in Skill.values if s in skills]
        finalist.accommodation_needed = accommodation_needed
        finalist.preferences_updated_at = timezone.now()
        finalist.save(
            update_fields=["skills", "accommodation_needed", "preferences_updated_at", "updated_at"]
        )
    return finalist
