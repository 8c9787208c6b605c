"""Status changes of an application: the one place a status changes, with its
table of allowed transitions, history and notifications."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import rules
from applications.models import Application, ApplicationStatus, StatusChange
from topblog.notifications.models import Event
from topblog.notifications.services import notification_send

logger = logging.getLogger(__name__)

S = ApplicationStatus
# Which status may follow which. Anything not listed is refused.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.UNDER_REVIEW, S.WITHDRAWN}),
    S.UNDER_REVIEW: frozenset({S.SELECTED, S.NOT_SELECTED, S.WITHDRAWN}),
    S.SELECTED: frozenset({S.WITHDRAWN}),
    S.NOT_SELECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

# The event each status change tells the applicant about; changes not listed are silent.
EVENT_FOR_STATUS: dict[str, Event] = {
    S.SUBMITTED: Event.APPLICATION_SUBMITTED,
    S.WITHDRAWN: Event.APPLICATION_WITHDRAWN,
    S.SELECTED: Event.SELECTION_RESULT,
    S.NOT_SELECTED: Event.SELECTION_RESULT,
}


def application_status_change(
    *, application_id: int, to_status: ApplicationStatus, changed_by=None, reason: str = ""
) -> Application:
    """Move an application to ``to_status``.

    Steps, in one transaction: lock the row; refuse a transition the table does not
    allow; write the status (and the submission time on submit); append the history
    record; write the applicant's notification to the outbox, sent after commit.
    """
    if len(reason) > rules.STATUS_REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Причина — не длиннее %(max)s знаков.") % {"max": rules.STATUS_REASON_MAX_LENGTH}}
        )
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("applicant").get(pk=application_id)
        )
        from_status = application.status
        if to_status not in ALLOWED_TRANSITIONS[from_status]:
            raise ValidationError(
                _("Заявку нельзя перевести из статуса «%(from)s» в статус «%(to)s».")
                % {"from": S(from_status).label, "to": S(to_status).label},
                code="transition_not_allowed",
            )
        now = timezone.now()
        application.status = to_status
        update_fields = ["status", "updated_at"]
        if to_status == S.SUBMITTED:
            application.submitted_at = now
            update_fields.append("submitted_at")
        application.save(update_fields=update_fields)
        change = StatusChange.objects.create(
            application=application,
            from_status=from_status,
            to_status=to_status,
            changed_by=changed_by,
            changed_at=now,
            reason=reason,
        )
        event = EVENT_FOR_STATUS.get(to_status)
        if event is not None:
            notification_send(
                event=event,
                recipients=[application.applicant],
                context={
                    "name": application.first_name,
                    "status": str(S(to_status).label),
                    "reason": reason,
                },
                occasion=f"application-{application.pk}-change-{change.pk}",
            )
    logger.info(
        "Application %s: %s -> %s by %s",
        application.pk,
        from_status,
        to_status,
        getattr(changed_by, "pk", None),
    )
    return application


def application_draft_lock(*, application_id: int) -> Application:
    """Lock the application's row for an edit inside the caller's transaction;
    ValidationError unless it is still a draft."""
    application = Application.objects.select_for_update().select_related("season").get(pk=application_id)
    if application.status == S.WITHDRAWN:
        raise ValidationError(_("Заявка отозвана, изменить её нельзя."), code="not_draft")
    if application.status != S.DRAFT:
        raise ValidationError(_("Заявка уже подана, изменить её нельзя."), code="not_draft")
    return application
