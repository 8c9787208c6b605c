"""assign_reviewers and the experts' services against the database: experts of the
first direction, conflicts, even loads, reruns, one mail per expert, due dates and
blind flags, status changes, reassignment of a deactivated expert's work."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.models import ApplicantRole, ApplicationStatus, ReviewAssignment, StatusChange
from applications.review import services
from applications.review.models import ExpertConflict, ExpertProfile, Selection
from tests.applications.review.factories import (
    assigned,
    criteria,
    current_season,
    judge,
    review_settings,
    submit,
    submitted_application,
)
from tests.factories import ApplicationFactory, organizer
from topblog.accounts.services import user_active_set
from topblog.notifications.models import Channel, Event, OutboxMessage
from topblog.tracks.models import Region

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def experts_of(application) -> set[int]:
    return set(
        application.review_assignments.filter(cancelled_at__isnull=True).values_list("expert_id", flat=True)
    )


def mails(person, event=Event.REVIEW_ASSIGNED):
    return list(OutboxMessage.objects.filter(recipient=person, event=event, channel=Channel.EMAIL))


def test_every_submitted_application_gets_distinct_experts_of_its_first_direction():
    season = current_season()
    culture = [judge("culture") for _ in range(3)]
    judge("agro")
    applications = [submitted_application("culture", "agro") for _ in range(4)]
    draft = ApplicationFactory()

    run = services.assign_reviewers(season_id=season.pk, by=organizer())

    assert run.assigned == 8 and run.moved_to_review == 4 and run.short == {}
    for application in applications:
        assert len(experts_of(application)) == 2
        assert experts_of(application) <= {e.pk for e in culture}
        application.refresh_from_db()
        assert application.status == S.UNDER_REVIEW
        change = StatusChange.objects.get(application=application, to_status=S.UNDER_REVIEW)
        assert change.changed_by is not None
    assert not draft.review_assignments.exists()


def test_loads_are_even_and_each_expert_gets_one_mail_per_run():
    season = current_season()
    people = [judge("culture") for _ in range(4)]
    for _ in range(7):
        submitted_application("culture")

    services.assign_reviewers(season_id=season.pk)

    loads = Counter(ReviewAssignment.objects.values_list("expert_id", flat=True))
    assert sorted(loads.values()) in ([3, 3, 4, 4],)
    for person in people:
        [mail] = mails(person)
        assert mail.context["count"] == loads[person.pk]
        assert mail.context["review_url"] == "/review/"


def test_running_again_only_fills_what_is_missing():
    season = current_season()
    for _ in range(3):
        judge("culture")
    first = submitted_application("culture")
    services.assign_reviewers(season_id=season.pk)
    before = experts_of(first)

    again = services.assign_reviewers(season_id=season.pk)
    assert again.assigned == 0 and again.experts_told == 0
    assert experts_of(first) == before

    late = submitted_application("culture")
    later = services.assign_reviewers(season_id=season.pk)
    assert later.assigned == 2 and len(experts_of(late)) == 2 and experts_of(first) == before


def test_the_seasons_number_of_experts_due_date_and_blind_flag_apply():
    season = current_season()
    review_settings(season, reviewers_per_application=3, due_days=10, blind_review=True)
    for _ in range(3):
        judge("health")
    application = submitted_application("health")
    moment = timezone.now()

    services.assign_reviewers(season_id=season.pk, now=moment)

    rows = list(application.review_assignments.all())
    assert len(rows) == 3
    assert {r.due_at for r in rows} == {moment + timedelta(days=10)}
    assert all(r.blind for r in rows)
    [mail] = mails(rows[0].expert)
    assert mail.context["due_at"] == (moment + timedelta(days=10)).isoformat()


def test_conflicts_keep_experts_off_applications():
    season = current_season()
    moscow = Region.objects.get(code="77")
    colleague = judge("health", ministry="health")
    regional = judge("health")
    ExpertConflict.objects.create(expert=regional.expert_profile, kind="region", region=moscow)
    neutral = [judge("health") for _ in range(2)]
    official = submitted_application("health", role=ApplicantRole.OFFICIAL, region=moscow)
    # An expert who applied themselves never gets their own application.
    own = submitted_application("health", applicant=colleague, region=Region.objects.get(code="52"))

    services.assign_reviewers(season_id=season.pk)

    assert experts_of(official) == {e.pk for e in neutral}
    assert colleague.pk not in experts_of(own)


def test_applications_short_of_experts_are_reported():
    season = current_season()
    judge("agro")
    application = submitted_application("agro")
    run = services.assign_reviewers(season_id=season.pk)
    assert run.short == {application.pk: 1}
    assert len(experts_of(application)) == 1


def test_a_deactivated_experts_unfinished_reviews_go_to_others_and_finished_ones_stay():
    season = current_season()
    season_criteria = criteria(season)
    leaving, staying, spare = judge("culture"), judge("culture"), judge("culture")
    done, open_ = submitted_application("culture"), submitted_application("culture")
    for application in (done, open_):
        assigned(application, leaving)
        assigned(application, staying)
        application.status = S.UNDER_REVIEW
        application.save()
    submit(done, leaving, season_criteria, 7)

    handed_over = services.expert_deactivate(user_id=leaving.pk, by=organizer())

    assert handed_over == 1
    assert experts_of(done) == {leaving.pk, staying.pk}
    assert experts_of(open_) == {staying.pk, spare.pk}
    replaced = ReviewAssignment.objects.get(application=open_, expert=spare)
    assert replaced.reason == ReviewAssignment.Reason.REPLACEMENT
    assert ReviewAssignment.objects.get(application=open_, expert=leaving).cancelled_at is not None
    [mail] = mails(spare)
    assert mail.context["count"] == 1
    # Taken off, the expert gets no new work until brought back.
    submitted_application("culture")
    services.assign_reviewers(season_id=season.pk)
    assert (
        not ReviewAssignment.objects.filter(
            expert=leaving, cancelled_at__isnull=True, application__status=S.UNDER_REVIEW
        )
        .exclude(application=done)
        .exists()
    )


def test_no_assignment_once_the_selection_is_published():
    season = current_season()
    Selection.objects.create(season=season, proposed_at=timezone.now(), published_at=timezone.now())
    with pytest.raises(ValidationError) as refused:
        services.assign_reviewers(season_id=season.pk)
    assert refused.value.code == "published"


def test_changing_the_blind_setting_applies_to_open_assignments():
    season = current_season()
    person = judge("culture")
    assignment = assigned(submitted_application("culture"), person, blind=False)
    review_settings(season, blind_review=True)
    assert services.review_settings_apply(season_id=season.pk) == 1
    assignment.refresh_from_db()
    assert assignment.blind


def test_switching_an_experts_account_off_hands_their_unfinished_reviews_over():
    current_season()
    leaving, spare = judge("culture"), judge("culture")
    application = submitted_application("culture", status=S.UNDER_REVIEW)
    assigned(application, leaving)

    assert user_active_set(user_id=leaving.pk, active=False, by=organizer())

    assert experts_of(application) == {spare.pk}
    assert not ExpertProfile.objects.get(pk=leaving.pk).is_active
    # Switching it off again changes nothing and hands nothing over twice.
    assert not user_active_set(user_id=leaving.pk, active=False, by=None)
    assert ReviewAssignment.objects.filter(application=application, expert=spare).count() == 1
