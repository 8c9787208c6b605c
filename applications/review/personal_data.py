"""The review stage's part of a person's data export: an expert's profile, the
conflicts they declared and every review they wrote. Applicants' own data is exported
by intake; the scores others gave them are not theirs to download."""

from typing import Any

from django.db.models import Prefetch

from applications.review.models import ExpertProfile, Review, Score
from topblog.accounts.models import User


def expert_review_export(user: User) -> dict[str, Any] | None:
    profile = (
        ExpertProfile.objects.filter(user=user)
        .select_related("ministry")
        .prefetch_related("directions", "conflicts__region", "conflicts__person")
        .first()
    )
    reviews = (
        Review.objects.filter(assignment__expert=user)
        .select_related("assignment")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .order_by("created_at", "pk")
    )
    if profile is None and not reviews.exists():
        return None
    return {
        "profile": None
        if profile is None
        else {
            "directions": [d.code for d in profile.directions.all()],
            "ministry": profile.ministry.ministry if profile.ministry else None,
            "organization": profile.organization,
            "is_active": profile.is_active,
            "invited_at": profile.invited_at,
            "deactivated_at": profile.deactivated_at,
            "conflicts": [
                {
                    "kind": c.kind,
                    "person": c.person.email if c.person else None,
                    "organization": c.organization,
                    "region": c.region.name if c.region else None,
                    "note": c.note,
                }
                for c in profile.conflicts.all()
            ],
        },
        "reviews": [
            {
                "application_id": review.assignment.application_id,
                "state": review.state,
                "scores": {score.criterion.name: score.value for score in review.scores.all()},
                "comment": review.comment,
                "total": review.total,
                "created_at": review.created_at,
                "submitted_at": review.submitted_at,
            }
            for review in reviews
        ],
    }
