"""The programme's part of a person's data export (152-ФЗ, art. 14): their register
data and its consent, attendance, submissions and grades, certificate, finalist
standing with its history, and whether they have a calendar address. Registered from
ModulesConfig.ready()."""

from typing import Any

from django.urls import reverse

from modules.models import (
    Attendance,
    CalendarFeed,
    Certificate,
    EducationRecord,
    Finalist,
    FinalistChange,
    Submission,
)
from topblog.accounts.models import User


def programme_export(user: User) -> dict[str, Any]:
    mine = {"application__applicant": user}
    record = EducationRecord.objects.filter(**mine).select_related("consent__document").first()
    finalist = Finalist.objects.filter(**mine).select_related("direction").first()
    return {
        "education_record": None
        if record is None
        else {
            "snils": record.snils,
            "sex": record.sex,
            "citizenship": record.citizenship,
            "education_level": record.education_level,
            "diploma_last_name": record.diploma_last_name,
            "diploma_series": record.diploma_series,
            "diploma_number": record.diploma_number,
            "consent_given_at": record.consent.given_at,
            "consent_version": record.consent.document.version,
            "updated_at": record.updated_at,
        },
        "attendance": [
            {"session": title, "starts_at": starts_at, "present": present}
            for title, starts_at, present in Attendance.objects.filter(**mine)
            .order_by("session__starts_at")
            .values_list("session__title", "session__starts_at", "present")
        ],
        "submissions": [
            {
                "assignment": s.assignment.title,
                "link": s.link,
                "file": reverse("modules:submission_file", args=[s.pk]) if s.file else None,
                "comment": s.comment,
                "submitted_at": s.submitted_at,
                "score": s.score,
                "max_score": s.assignment.max_score,
                "feedback": s.feedback,
                "graded_at": s.graded_at,
            }
            for s in Submission.objects.filter(**mine).select_related("assignment").order_by("submitted_at")
        ],
        "certificates": [
            {
                "number": c.number,
                "programme": c.programme_name,
                "hours": c.hours,
                "issued_at": c.issued_at,
                "revoked_at": c.revoked_at,
            }
            for c in Certificate.objects.filter(**mine).order_by("issued_at")
        ],
        "finalist": None
        if finalist is None or not finalist.is_published
        else {
            "status": finalist.status,
            "direction": finalist.direction.code,
            "confirm_by": finalist.confirm_by,
            "skills": finalist.skills,
            "accommodation_needed": finalist.accommodation_needed,
            "history": [
                {
                    "changed_at": change.changed_at,
                    "from_status": change.from_status,
                    "to_status": change.to_status,
                    "reason": change.reason,
                }
                for change in FinalistChange.objects.filter(finalist=finalist).order_by("changed_at", "pk")
                if change.to_status not in ("proposed", "reserve")
            ],
        },
        "calendar_feed_created_at": CalendarFeed.objects.filter(user=user)
        .values_list("created_at", flat=True)
        .first(),
    }
