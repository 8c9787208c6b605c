"""An expert's review against the database: drafts, submission, the due date, z-scores
kept current, a third expert on disagreement, and whose assignment it is."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications import scoring
from applications.models import ApplicationStatus, ReviewAssignment
from applications.review import selectors, services
from applications.review.models import Review, ReviewState, Selection
from applications.review.services import ReviewInput
from tests.applications.review.factories import (
    assigned,
    criteria,
    current_season,
    judge,
    review_settings,
    scores_for,
    submit,
    submitted_application,
)
from tests.factories import expert
from topblog.notifications.models import Channel, Event, OutboxMessage

pytestmark = pytest.mark.django_db

S = ApplicationStatus


@pytest.fixture
def setup():
    season = current_season()
    review_settings(season)
    season_criteria = criteria(season)
    person = judge("culture")
    application = submitted_application("culture", status=S.UNDER_REVIEW)
    assigned(application, person)
    return season, season_criteria, person, application


def test_a_draft_keeps_partial_scores_and_the_comment(setup):
    _season, season_criteria, person, application = setup
    first = season_criteria[0]
    review = services.review_draft_save(
        application_id=application.pk,
        expert=person,
        data=ReviewInput(scores={first.pk: 8}, comment="Сильный блог"),
    )
    assert review.state == ReviewState.DRAFT and review.total is None
    assert selectors.review_of(review.assignment)[1] == {first.pk: 8}
    assert review.comment == "Сильный блог"


def test_submitting_needs_every_criterion_within_its_scale(setup):
    _season, season_criteria, person, application = setup
    partial = {season_criteria[0].pk: 5}
    with pytest.raises(ValidationError) as refused:
        services.review_submit(application_id=application.pk, expert=person, data=ReviewInput(scores=partial))
    assert set(refused.value.message_dict) == {f"criterion_{c.pk}" for c in season_criteria[1:]}
    off_scale = scores_for(season_criteria, 11)
    with pytest.raises(ValidationError) as refused:
        services.review_submit(
            application_id=application.pk, expert=person, data=ReviewInput(scores=off_scale)
        )
    assert "от 0 до 10" in str(refused.value)
    assert not Review.objects.filter(state=ReviewState.SUBMITTED).exists()


def test_the_total_is_the_weighted_sum(setup):
    _season, season_criteria, person, application = setup
    values = {c.pk: n for n, c in enumerate(season_criteria, start=1)}
    review = services.review_submit(
        application_id=application.pk, expert=person, data=ReviewInput(scores=values)
    )
    assert review.total == sum(float(c.weight) * values[c.pk] for c in season_criteria)
    assert review.state == ReviewState.SUBMITTED and review.submitted_at is not None


def test_a_submitted_review_changes_until_the_due_date_and_not_after(setup):
    _season, season_criteria, person, application = setup
    submit(application, person, season_criteria, 5)
    again = submit(application, person, season_criteria, 6)
    assert again.total == pytest.approx(6 * 10)
    with pytest.raises(ValidationError) as refused:
        services.review_draft_save(
            application_id=application.pk,
            expert=person,
            data=ReviewInput(scores=scores_for(season_criteria, 1)),
        )
    assert refused.value.code == "already_submitted"
    ReviewAssignment.objects.filter(application=application).update(
        due_at=timezone.now() - timedelta(hours=1)
    )
    with pytest.raises(ValidationError) as refused:
        submit(application, person, season_criteria, 9)
    assert refused.value.code == "past_due"


def test_an_overdue_review_not_yet_submitted_can_still_be_submitted(setup):
    _season, season_criteria, person, application = setup
    ReviewAssignment.objects.filter(application=application).update(due_at=timezone.now() - timedelta(days=2))
    assert submit(application, person, season_criteria, 4).state == ReviewState.SUBMITTED


@pytest.mark.parametrize("who", ["stranger", "cancelled"])
def test_only_the_assigned_expert_reviews(setup, who):
    _season, season_criteria, person, application = setup
    if who == "stranger":
        person = expert()
    else:
        ReviewAssignment.objects.filter(application=application).update(cancelled_at=timezone.now())
    with pytest.raises(ReviewAssignment.DoesNotExist):
        submit(application, person, season_criteria, 5)


def test_nothing_changes_once_the_selection_is_published_or_the_application_left_review(setup):
    season, season_criteria, person, application = setup
    Selection.objects.create(season=season, published_at=timezone.now())
    with pytest.raises(ValidationError) as refused:
        submit(application, person, season_criteria, 5)
    assert refused.value.code == "published"
    Selection.objects.all().delete()
    application.status = S.WITHDRAWN
    application.save()
    with pytest.raises(ValidationError) as refused:
        submit(application, person, season_criteria, 5)
    assert refused.value.code == "not_in_review"


def test_stored_z_scores_are_the_scoring_cores_for_each_expert(setup):
    season, season_criteria, person, _application = setup
    other = judge("culture")
    applications = [submitted_application("culture", status=S.UNDER_REVIEW) for _ in range(3)]
    for application, mine, theirs in zip(applications, (9, 5, 2), (3, 3, 8), strict=True):
        assigned(application, person)
        assigned(application, other)
        submit(application, person, season_criteria, mine)
        submit(application, other, season_criteria, theirs)
    reviews = selectors.season_reviews(season_id=season.pk)
    expected = dict(
        zip(((r.application_id, r.expert_id) for r in reviews), scoring.review_z_scores(reviews), strict=True)
    )
    for review in Review.objects.select_related("assignment"):
        key = (review.assignment.application_id, review.assignment.expert_id)
        assert review.z_score == pytest.approx(expected[key])
    assert selectors.review_scores(season_id=season.pk) == pytest.approx(scoring.normalise(reviews))


def test_a_third_expert_is_assigned_once_when_two_disagree_beyond_the_threshold():
    season = current_season()
    review_settings(season, disagreement_threshold=1.5, comparable_after=2)
    season_criteria = criteria(season)
    first, second, third = judge("culture"), judge("culture"), judge("culture")
    # Calibration: each expert's own spread, so that their z-scores mean something.
    warm_up = [submitted_application("culture", status=S.UNDER_REVIEW) for _ in range(2)]
    for application in warm_up:
        assigned(application, first)
        assigned(application, second)
    disputed = submitted_application("culture", status=S.UNDER_REVIEW)
    assigned(disputed, first)
    assigned(disputed, second)
    submit(warm_up[0], first, season_criteria, 9)
    submit(warm_up[1], first, season_criteria, 2)
    submit(warm_up[0], second, season_criteria, 9)
    submit(warm_up[1], second, season_criteria, 2)

    submit(disputed, first, season_criteria, 10)
    assert set(disputed.review_assignments.values_list("expert_id", flat=True)) == {first.pk, second.pk}
    submit(disputed, second, season_criteria, 0)

    extra = ReviewAssignment.objects.get(application=disputed, expert=third)
    assert extra.reason == ReviewAssignment.Reason.DISAGREEMENT
    assert (
        OutboxMessage.objects.filter(
            recipient=third, event=Event.REVIEW_ASSIGNED, channel=Channel.EMAIL
        ).count()
        == 1
    )
    # Submitting again changes nothing: one extra expert per application.
    submit(disputed, second, season_criteria, 1)
    assert disputed.review_assignments.count() == 3


def test_experts_too_new_to_compare_call_nobody_in():
    season = current_season()
    review_settings(season, disagreement_threshold=0.5, comparable_after=5)
    season_criteria = criteria(season)
    first, second = judge("culture"), judge("culture")
    judge("culture")
    applications = [submitted_application("culture", status=S.UNDER_REVIEW) for _ in range(2)]
    for application in applications:
        assigned(application, first)
        assigned(application, second)
    for application, (a, b) in zip(applications, ((9, 1), (1, 9)), strict=True):
        submit(application, first, season_criteria, a)
        submit(application, second, season_criteria, b)
    assert ReviewAssignment.objects.count() == 4
