"""Attendance of sessions: marked by organizers in the admin or imported from the video
platform's file, all or nothing."""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modules import validators
from modules.attendance_csv import Mark, attendance_rows_check
from modules.models import Attendance, Session
from modules.selectors.members import trainees
from modules.selectors.schedule import season_audiences
from topblog.accounts.models import User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AttendanceWritten:
    created: int
    changed: int
    unchanged: int


def _marks_write(*, marks: list[Mark], source: str, by) -> AttendanceWritten:
    """Write ``marks`` in the caller's transaction: new rows created, rows whose value
    differs changed, equal ones left as they are (so a repeat changes nothing).
    The sessions' rows are locked, so two imports of one session take turns."""
    session_ids = sorted({m.session_id for m in marks})
    list(Session.objects.select_for_update().filter(pk__in=session_ids).values_list("pk", flat=True))
    existing = {
        (row.application_id, row.session_id): row
        for row in Attendance.objects.filter(session_id__in=session_ids).only(
            "pk", "application_id", "session_id", "present"
        )
    }
    now = timezone.now()
    new, changed = [], []
    for mark in marks:
        row = existing.get((mark.application_id, mark.session_id))
        if row is None:
            new.append(
                Attendance(
                    session_id=mark.session_id,
                    application_id=mark.application_id,
                    present=mark.present,
                    source=source,
                    marked_by=by,
                    marked_at=now,
                )
            )
        elif row.present != mark.present:
            row.present, row.source, row.marked_by, row.marked_at = mark.present, source, by, now
            changed.append(row)
    Attendance.objects.bulk_create(new, batch_size=1000)
    Attendance.objects.bulk_update(changed, ["present", "source", "marked_by", "marked_at"], batch_size=1000)
    return AttendanceWritten(
        created=len(new), changed=len(changed), unchanged=len(marks) - len(new) - len(changed)
    )


def attendance_import(*, season_id: int, content: bytes, by) -> AttendanceWritten:
    """Import a video platform's attendance file (email, session, present).

    Steps: read every row and check it against the season's trainees and each session's
    audience (attendance_csv); if any row is bad, refuse the whole file with one
    message per bad row, naming its line; otherwise write the marks in one transaction.
    Importing the same file again changes nothing.
    """
    people = {
        User.objects.normalize_email(email): pk
        for email, pk in trainees(season_id=season_id).values_list("applicant__email", "pk")
    }
    sessions = list(
        Session.objects.filter(stage__season_id=season_id).only(
            "pk", "audience", "direction_id", "team_number"
        )
    )
    audiences = season_audiences(season_id=season_id, sessions=sessions)
    marks, problems = attendance_rows_check(
        content, people=people, audiences=audiences, normalize_email=User.objects.normalize_email
    )
    if problems:
        raise ValidationError(
            [ValidationError(validators.attendance_problem_message(p), code=p.code) for p in problems]
        )
    with transaction.atomic():
        written = _marks_write(marks=marks, source=Attendance.Source.IMPORT, by=by)
    logger.info("Attendance imported by %s: %s", getattr(by, "pk", None), written)
    return written


def attendance_mark(*, session_id: int, present: dict[int, bool], by) -> AttendanceWritten:
    """Mark the given trainees (application id -> present) at a session, as an organizer
    does in the admin. Refuses anyone the session does not concern."""
    session = Session.objects.select_related("stage").get(pk=session_id)
    audience = season_audiences(season_id=session.stage.season_id, sessions=[session])[session.pk]
    strangers = set(present) - audience
    if strangers:
        raise ValidationError(
            _("Эти участники не входят в число тех, для кого занятие: %(ids)s.")
            % {"ids": ", ".join(map(str, sorted(strangers)))},
            code="not_in_audience",
        )
    marks = [Mark(0, application_id, session.pk, value) for application_id, value in present.items()]
    with transaction.atomic():
        written = _marks_write(marks=marks, source=Attendance.Source.ADMIN, by=by)
    logger.info("Attendance of session %s marked by %s: %s", session.pk, getattr(by, "pk", None), written)
    return written
