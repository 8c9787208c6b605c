"""The applications app's part of a person's data export: every application they made,
with all it holds and its status history. Registered from ApplicationsConfig.ready()."""

from typing import Any

from django.db.models import Prefetch
from django.urls import reverse

from applications.models import Application, ApplicationDirection, StatusChange
from topblog.accounts.models import User


def changed_by_label(change: StatusChange, applicant_id: int) -> str:
    """Who made a change, as the applicant may see it: themselves, an organizer, or the
    system. Organizers are not named: they are other people."""
    if change.changed_by_id is None:
        return "system"
    return "applicant" if change.changed_by_id == applicant_id else "organizer"


def applications_export(user: User) -> list[dict[str, Any]]:
    applications = (
        Application.objects.filter(applicant=user)
        .select_related("season", "region", "ministry_direction")
        .prefetch_related(
            Prefetch(
                "direction_choices",
                queryset=ApplicationDirection.objects.select_related("direction").order_by("rank"),
            ),
            "social_accounts",
            "content_links",
            "ideas",
            "files",
            Prefetch("status_changes", queryset=StatusChange.objects.order_by("changed_at", "pk")),
        )
        .order_by("created_at", "pk")
    )
    return [_application(application) for application in applications]


def _application(a: Application) -> dict[str, Any]:
    return {
        "season": str(a.season),
        "role": a.role,
        "status": a.status,
        "last_name": a.last_name,
        "first_name": a.first_name,
        "patronymic": a.patronymic,
        "birth_date": a.birth_date,
        "region": a.region.name if a.region else None,
        "city": a.city,
        "phone": a.phone,
        "rkn_number": a.rkn_number,
        "ministry": a.ministry_direction.ministry if a.ministry_direction else None,
        "department": a.department,
        "position": a.position,
        "motivation": a.motivation,
        "total_followers": a.total_followers,
        "is_possible_duplicate": a.is_possible_duplicate,
        "created_at": a.created_at,
        "updated_at": a.updated_at,
        "submitted_at": a.submitted_at,
        "directions": [
            {"rank": choice.rank, "code": choice.direction.code, "name": choice.direction.name}
            for choice in a.direction_choices.all()
        ],
        "social_accounts": [
            {"platform": account.platform, "url": account.url, "followers": account.followers}
            for account in a.social_accounts.all()
        ],
        "content_links": [link.url for link in a.content_links.all()],
        "ideas": [{"title": idea.title, "description": idea.description} for idea in a.ideas.all()],
        "files": [
            {
                "kind": f.kind,
                "original_name": f.original_name,
                "content_type": f.content_type,
                "size": f.size,
                "uploaded_at": f.uploaded_at,
                "url": reverse("applications:file", args=[f.pk]),
            }
            for f in a.files.all()
        ],
        "status_history": [
            {
                "changed_at": change.changed_at,
                "from_status": change.from_status,
                "to_status": change.to_status,
                "changed_by": changed_by_label(change, a.applicant_id),
                "reason": change.reason,
            }
            for change in a.status_changes.all()
        ],
    }
