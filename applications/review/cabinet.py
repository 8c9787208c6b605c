"""The selection's result in the applicant's cabinet: when it was published and, where
the season allows it, what the experts wrote, without their names or their scores."""

from django.db.models import Count, F, Max, Subquery
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from applications.cabinet_parts import CabinetPart
from applications.models import ApplicationStatus
from applications.review.models import Review, ReviewState, Selection


def _comments(application_id: int):
    return (
        Review.objects.filter(assignment__application_id=application_id, state=ReviewState.SUBMITTED)
        .exclude(comment="")
        .order_by("submitted_at", "pk")
    )


def _published(state):
    """The season's published selection with whether comments are shown and, if they
    are, their count and last change, in one query; None before publication."""
    comments = _comments(state.application_id).order_by().values("assignment__application_id")
    return (
        Selection.objects.filter(season_id=state.season_id, published_at__isnull=False)
        .annotate(
            comments_shown=F("season__review_settings__comments_to_applicants"),
            comments_count=Subquery(comments.annotate(n=Count("pk")).values("n")),
            comments_changed=Subquery(comments.annotate(at=Max("updated_at")).values("at")),
        )
        .values_list("published_at", "comments_shown", "comments_count", "comments_changed")
        .first()
    )


def _fingerprint(*, user, state):
    published = _published(state)
    if published is None:
        return None
    published_at, shown, count, changed = published
    return (published_at, bool(shown), count, changed) if shown else (published_at, False)


def _render(*, user, state) -> SafeString:
    published_at, shown, _count, _changed = _published(state)
    comments = list(_comments(state.application_id).values_list("comment", flat=True)) if shown else []
    return render_to_string(
        "review/cabinet_result.html",
        {
            "published_at": published_at,
            "selected": state.status == ApplicationStatus.SELECTED,
            "comments": comments,
        },
    )


selection_result_part = CabinetPart(
    name="review-selection-result",
    slot="main",
    statuses=frozenset({ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED}),
    fingerprint=_fingerprint,
    render=_render,
    order=10,
)
