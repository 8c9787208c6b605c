"""What the programme adds to a trainee's personal cabinet (applications.cabinet_parts):
the finalist's invitation at the top, where the person must act; their programme, next
sessions and certificate under the season's timeline. Each part's fingerprint is one
query that moves whenever anything it renders does."""

from django.db.models import Count, Max, Min, OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.cabinet_parts import CabinetPart, HistoryEntry
from applications.models import Application, ApplicationStatus
from modules.completion import completion
from modules.models import (
    Assignment,
    Attendance,
    Certificate,
    EducationRecord,
    Finalist,
    ProgrammeSettings,
    Session,
    Submission,
)
from modules.models.finalists import PUBLISHED_STATUSES, SEATED_STATUSES
from modules.selectors.certificates import certificate_of, education_record_of
from modules.selectors.finalists import finalist_history, finalist_of, waiting_ahead
from modules.selectors.members import member_of
from modules.selectors.programme import completion_rule, progress_of
from modules.selectors.schedule import sessions_of
from topblog.tracks.models import Season

TRAINEES = frozenset({ApplicationStatus.SELECTED})
# Sessions the cabinet lists; the whole schedule is a link away.
NEXT_SESSIONS = 3


def _by(changed_by_id: int | None, user) -> str:
    if changed_by_id is None:
        return "system"
    return "applicant" if changed_by_id == user.pk else "organizer"


def _grouped(queryset, group: str, expression):
    """One aggregate of ``queryset`` as a subquery of the cabinet's one query."""
    return Subquery(queryset.order_by().values(group).annotate(value=expression).values("value")[:1])


# --- the finalist's invitation


def finalist_fingerprint(*, user, state):
    row = (
        Finalist.objects.filter(application_id=state.application_id, status__in=PUBLISHED_STATUSES)
        .values_list("pk", "status", "updated_at")
        .first()
    )
    return row


def finalist_render(*, user, state):
    finalist = finalist_of(application_id=state.application_id)
    return render_to_string(
        "modules/cabinet/_finalist.html",
        {
            "finalist": finalist,
            "ahead": waiting_ahead(finalist=finalist),
            "seated": finalist.status in SEATED_STATUSES,
        },
    )


def finalist_steps(*, user, state) -> list[HistoryEntry]:
    finalist = finalist_of(application_id=state.application_id)
    return [
        HistoryEntry(
            at=change.changed_at,
            by=_by(change.changed_by_id, user),
            before=change.get_from_status_display() if change.from_status in PUBLISHED_STATUSES else "—",
            after=change.get_to_status_display(),
            reason=change.reason,
        )
        for change in finalist_history(finalist_id=finalist.pk)
    ]


# --- the programme


def programme_fingerprint(*, user, state):
    """The season's sessions and assignments as they stand, the next session not yet
    over (time moves the list on), and the person's attendance, submissions,
    certificate, register data and finalist seat."""
    now = timezone.now()
    season_sessions = Session.objects.filter(stage__season_id=OuterRef("season_id"))
    season_assignments = Assignment.objects.filter(module__season_id=OuterRef("season_id"))
    mine = {"application_id": OuterRef("pk")}
    return (
        Application.objects.filter(pk=state.application_id)
        .annotate(
            fp_sessions=_grouped(season_sessions, "stage__season_id", Count("pk")),
            fp_sessions_changed=_grouped(season_sessions, "stage__season_id", Max("updated_at")),
            fp_next_session=_grouped(
                season_sessions.filter(ends_at__gt=now), "stage__season_id", Min("ends_at")
            ),
            fp_assignments=_grouped(season_assignments, "module__season_id", Count("pk")),
            fp_assignments_changed=_grouped(season_assignments, "module__season_id", Max("updated_at")),
            fp_marks=_grouped(Attendance.objects.filter(**mine), "application_id", Count("pk")),
            fp_marks_changed=_grouped(Attendance.objects.filter(**mine), "application_id", Max("marked_at")),
            fp_submissions=_grouped(Submission.objects.filter(**mine), "application_id", Count("pk")),
            fp_submissions_changed=_grouped(
                Submission.objects.filter(**mine), "application_id", Max("updated_at")
            ),
            fp_certificate=Subquery(Certificate.objects.filter(**mine).values("number")[:1]),
            fp_certificate_revoked=Subquery(Certificate.objects.filter(**mine).values("revoked_at")[:1]),
            fp_record=Subquery(EducationRecord.objects.filter(**mine).values("updated_at")[:1]),
            fp_finalist=Subquery(Finalist.objects.filter(**mine).values("status")[:1]),
            fp_settings=Subquery(
                ProgrammeSettings.objects.filter(season_id=OuterRef("season_id")).values("updated_at")[:1]
            ),
        )
        .values_list(
            "fp_sessions",
            "fp_sessions_changed",
            "fp_next_session",
            "fp_assignments",
            "fp_assignments_changed",
            "fp_marks",
            "fp_marks_changed",
            "fp_submissions",
            "fp_submissions_changed",
            "fp_certificate",
            "fp_certificate_revoked",
            "fp_record",
            "fp_finalist",
            "fp_settings",
        )
        .first()
    )


def programme_render(*, user, state):
    season = Season.objects.get(pk=state.season_id)
    member = member_of(user=user, season=season)
    now = timezone.now()
    programme = ProgrammeSettings.for_season(season)
    progress = progress_of(season_id=season.pk, members=[member], now=now)[member.application_id]
    upcoming = [s for s in sessions_of(member=member, season_id=season.pk) if s.ends_at > now][:NEXT_SESSIONS]
    return render_to_string(
        "modules/cabinet/_programme.html",
        {
            "programme": programme,
            "progress": progress,
            "result": completion(progress, completion_rule(programme)),
            "upcoming": upcoming,
            "certificate": certificate_of(application_id=state.application_id),
            "record": education_record_of(application_id=state.application_id),
        },
    )


def programme_steps(*, user, state) -> list[HistoryEntry]:
    certificate = certificate_of(application_id=state.application_id)
    if certificate is None:
        return []
    steps = [
        HistoryEntry(
            at=certificate.issued_at,
            by="organizer",
            before="—",
            after=_("Выдано удостоверение № %(number)s") % {"number": certificate.number},
        )
    ]
    if certificate.revoked_at:
        steps.append(
            HistoryEntry(
                at=certificate.revoked_at,
                by="organizer",
                before=_("Удостоверение № %(number)s") % {"number": certificate.number},
                after=_("Аннулировано"),
                reason=certificate.revoke_reason,
            )
        )
    return steps


PARTS = (
    CabinetPart(
        name="finalist",
        slot="lead",
        statuses=TRAINEES,
        order=10,
        fingerprint=finalist_fingerprint,
        render=finalist_render,
        history=finalist_steps,
    ),
    CabinetPart(
        name="programme",
        slot="main",
        statuses=TRAINEES,
        order=20,
        fingerprint=programme_fingerprint,
        render=programme_render,
        history=programme_steps,
    ),
)
