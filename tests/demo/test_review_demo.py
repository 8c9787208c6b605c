"""seed_demo's review stage (topblog/demo/review.py): experts and criteria always; from
the portfolio review on, a real queue for the demo expert and reviews from the real
planner; after the results, a published selection that agrees with the statuses and
with the scoring core."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from applications import scoring
from applications.models import ApplicationStatus, ReviewAssignment
from applications.review import selectors
from applications.review.models import (
    Criterion,
    ExpertProfile,
    Review,
    ReviewState,
    Selection,
    SelectionDecision,
    SelectionMinimum,
)
from topblog.accounts.models import User
from topblog.demo.review import EXPERT_DOMAIN
from topblog.tracks.models import Season, StageKind

pytestmark = pytest.mark.django_db

S = ApplicationStatus
DEMO_EXPERT = "expert@demo.topblog.local"


def seed(stage=None, **options) -> str:
    out = StringIO()
    call_command("seed_demo", applications=300, seed=5, stage=stage, stdout=out, **options)
    return out.getvalue()


def test_every_stage_has_experts_criteria_and_minimums():
    output = seed()
    season = Season.objects.get(is_current=True)
    assert Criterion.objects.filter(review_settings_id=season.pk).count() == 5
    assert SelectionMinimum.objects.filter(review_settings_id=season.pk, role="blogger").count() == 5
    assert ExpertProfile.objects.filter(user__email__endswith=EXPERT_DOMAIN).count() == 20
    assert set(
        ExpertProfile.objects.get(user__email=DEMO_EXPERT).directions.values_list("code", flat=True)
    ) == {"culture", "tourism"}
    assert not ReviewAssignment.objects.exists()
    assert "Экспертов: 21" in output


def test_during_the_review_the_demo_expert_has_a_real_queue(client):
    seed(StageKind.PORTFOLIO_REVIEW)
    season = Season.objects.get(is_current=True)
    for application in season.applications.filter(status=S.UNDER_REVIEW).prefetch_related(
        "review_assignments"
    ):
        assert len(application.review_assignments.all()) >= 2
    demo = User.objects.get(email=DEMO_EXPERT)
    states = Counter(
        getattr(getattr(a, "review", None), "state", "todo")
        for a in ReviewAssignment.objects.filter(expert=demo).select_related("review")
    )
    assert states["submitted"] and states["todo"] and sum(states.values()) > 10
    client.force_login(demo)
    queue = client.get(reverse("review:queue"))
    assert queue.status_code == 200 and queue.context["counts"].done == states["submitted"]
    # The stored z-scores are the scoring core's.
    reviews = selectors.season_reviews(season_id=season.pk)
    expected = scoring.review_z_scores(reviews)
    rows = Review.objects.filter(state=ReviewState.SUBMITTED).values_list(
        "assignment__application_id", "assignment__expert_id", "z_score"
    )
    stored = {(a, e): z for a, e, z in rows}
    for review, z in zip(reviews, expected, strict=True):
        assert stored[(review.application_id, review.expert_id)] == pytest.approx(z)


def test_after_the_results_the_published_selection_agrees_with_statuses_and_the_core():
    seed(StageKind.EDUCATION)
    season = Season.objects.get(is_current=True)
    selection = Selection.objects.get(season=season)
    assert selection.published_at is not None
    decisions = {d.pk: d for d in SelectionDecision.objects.all()}
    statuses = dict(season.applications.filter(pk__in=decisions).values_list("pk", "status"))
    assert all(statuses[pk] == d.final for pk, d in decisions.items())
    assert not season.applications.filter(status__in=[S.SUBMITTED, S.UNDER_REVIEW]).exists()
    selected = Counter(season.applications.filter(status=S.SELECTED).values_list("role", flat=True))
    assert selected == {"blogger": 21, "official": 4}  # 600 and 100 scaled to 300
    scores = scoring.normalise(selectors.season_reviews(season_id=season.pk))
    candidates = [
        scoring.Candidate(pk, d.role, d.direction.code, scores[pk])
        for pk, d in SelectionDecision.objects.select_related("direction").in_bulk().items()
    ]
    chosen = scoring.select(
        candidates, {"blogger": 21, "official": 4}, selectors.minimums_of(season_id=season.pk)
    )
    assert set(chosen) == {pk for pk, d in decisions.items() if d.final == "selected"}


def test_reset_removes_the_generated_experts():
    seed()
    seed(reset=True)
    assert ExpertProfile.objects.filter(user__email__endswith=EXPERT_DOMAIN).count() == 20
    assert User.objects.filter(email__endswith=EXPERT_DOMAIN).count() == 20
