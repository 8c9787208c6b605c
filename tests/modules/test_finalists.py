"""The finalists: proposed from the ranking, published (invited and told once), confirmed
or declined in the cabinet, expired when the deadline passes (time moved forward), and
every freed seat handed to the next person waiting in the same role and direction."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from applications.services import application_withdraw
from modules import tasks
from modules.models import Finalist, FinalistChange, FinalistStatus
from modules.services import finalist_list
from modules.services import finalists as services
from tests.applications.review import factories as review_factories
from tests.factories import organizer
from tests.modules.factories import programme_settings, season_at, trainee
from topblog.notifications.models import Channel, Event, OutboxMessage

pytestmark = pytest.mark.django_db

F = FinalistStatus
DIRECTIONS = ["culture", "health", "agro", "science", "tourism"]


def finalist_season(*, per_direction: int = 3, team_size: int = 2, officials: int = 0):
    """A season at the end of its programme, one team of ``team_size`` per direction, and
    ``per_direction`` bloggers wanting each direction, with review scores falling in
    the order they were made (the programme has nothing to complete yet)."""
    season = season_at(days_in=40, team_size=team_size, finalists_quota=team_size * len(DIRECTIONS))
    programme_settings(season, officials_per_team=officials, confirm_days=3)
    people = {d: [trainee(season, d) for _ in range(per_direction)] for d in DIRECTIONS}
    scores = {a.pk: 1 - n / 100 for n, a in enumerate(a for d in DIRECTIONS for a in people[d])}
    return season, people, scores


def published_finalists(**kwargs):
    """A season whose finalists are proposed and published; its seated finalists in seat order."""
    season, _people, scores = finalist_season(**kwargs)
    finalist_list.finalists_propose(season_id=season.pk, review_scores=scores, by=organizer())
    finalist_list.finalists_publish(season_id=season.pk, by=organizer())
    return season, list(Finalist.objects.filter(season=season, status=F.INVITED).order_by("seat"))


def told(event: str, application) -> int:
    return OutboxMessage.objects.filter(
        event=event, recipient=application.applicant, channel=Channel.EMAIL
    ).count()


def status_of(application) -> str:
    return Finalist.objects.get(application=application).status


def test_a_proposal_is_the_organizers_draft_nobody_is_told():
    season, people, scores = finalist_season()
    ranking = finalist_list.finalists_propose(season_id=season.pk, review_scores=scores, by=organizer())
    assert len(ranking.seated) == 10 and len(ranking.waiting) == 5
    assert status_of(people["culture"][0]) == F.PROPOSED
    assert status_of(people["culture"][2]) == F.RESERVE
    assert not OutboxMessage.objects.filter(event=Event.FINALIST_INVITATION).exists()
    # Proposed again, the draft is replaced, not added to.
    finalist_list.finalists_propose(season_id=season.pk, review_scores=scores, by=organizer())
    assert Finalist.objects.filter(season=season).count() == 15


def test_a_trainee_without_a_review_score_is_not_ranked_and_none_is_made_up():
    season, people, scores = finalist_season()
    del scores[people["health"][0].pk]
    ranking = finalist_list.finalists_propose(season_id=season.pk, review_scores=scores, by=organizer())
    assert (people["health"][0].pk, "no_review_score") in {
        (e.application_id, e.rule) for e in ranking.excluded
    }
    assert not Finalist.objects.filter(application=people["health"][0]).exists()


def test_publishing_invites_each_into_a_seat_tells_them_once_and_the_rest_wait():
    season, people, scores = finalist_season()
    finalist_list.finalists_propose(season_id=season.pk, review_scores=scores, by=organizer())
    assert finalist_list.finalists_publish(season_id=season.pk, by=organizer()) == 10
    first, reserve = people["culture"][0], people["culture"][2]
    invited = Finalist.objects.get(application=first)
    assert invited.status == F.INVITED and invited.seat is not None
    # Three days, to the end of the Moscow day.
    deadline = timezone.localtime(invited.confirm_by)
    assert (deadline.hour, deadline.minute) == (23, 59)
    assert deadline.date() == (timezone.localtime(invited.invited_at) + timedelta(days=3)).date()
    assert told(Event.FINALIST_INVITATION, first) == 1
    assert status_of(reserve) == F.WAITING and told(Event.FINALIST_INVITATION, reserve) == 0
    with pytest.raises(ValidationError, match="уже опубликован"):
        finalist_list.finalists_propose(season_id=season.pk, review_scores=scores, by=organizer())
    with pytest.raises(ValidationError, match="Нет предложенного"):
        finalist_list.finalists_publish(season_id=season.pk, by=organizer())


def test_a_quota_that_is_not_one_team_per_direction_is_refused_with_the_numbers():
    season, _people, scores = finalist_season()
    season.finalists_quota = 150
    season.save()
    with pytest.raises(ValidationError, match=r"\(150\).*\(5\).*\(2\)"):
        finalist_list.finalists_propose(season_id=season.pk, review_scores=scores, by=organizer())


def test_confirming_is_recorded_and_only_the_person_can():
    _season, seated = published_finalists()
    finalist = seated[0]
    person = finalist.application.applicant
    with pytest.raises(PermissionDenied):
        services.finalist_confirm(application_id=finalist.application_id, by=seated[1].application.applicant)
    services.finalist_confirm(application_id=finalist.application_id, by=person)
    finalist.refresh_from_db()
    assert finalist.status == F.CONFIRMED and finalist.decided_at is not None
    change = FinalistChange.objects.filter(finalist=finalist).latest("pk")
    assert (change.from_status, change.to_status, change.changed_by) == (F.INVITED, F.CONFIRMED, person)
    with pytest.raises(ValidationError, match="нельзя сменить"):
        services.finalist_confirm(application_id=finalist.application_id, by=person)


def test_a_decline_hands_the_seat_to_the_next_waiting_in_the_same_role_and_direction():
    season, people, scores = finalist_season()
    finalist_list.finalists_propose(season_id=season.pk, review_scores=scores, by=organizer())
    finalist_list.finalists_publish(season_id=season.pk, by=organizer())
    leaving, waiting, elsewhere = people["health"][0], people["health"][2], people["culture"][2]
    seat = Finalist.objects.get(application=leaving).seat
    services.finalist_decline(application_id=leaving.pk, by=leaving.applicant, reason="Не смогу приехать")
    promoted = Finalist.objects.get(application=waiting)
    assert status_of(leaving) == F.DECLINED and Finalist.objects.get(application=leaving).seat is None
    assert promoted.status == F.INVITED and promoted.seat == seat
    assert told(Event.WAITING_LIST_PROMOTION, waiting) == 1
    assert status_of(elsewhere) == F.WAITING
    steps = list(
        FinalistChange.objects.filter(finalist=promoted).values_list("from_status", "to_status", "changed_by")
    )
    assert steps[-1] == (F.WAITING, F.INVITED, None)


def test_an_invitation_left_unanswered_expires_and_the_seat_moves_on():
    season, people, scores = finalist_season()
    finalist_list.finalists_propose(season_id=season.pk, review_scores=scores, by=organizer())
    finalist_list.finalists_publish(season_id=season.pk, by=organizer())
    silent, answered, waiting = people["agro"][0], people["agro"][1], people["agro"][2]
    services.finalist_confirm(application_id=answered.pk, by=answered.applicant)
    deadline = Finalist.objects.get(application=silent).confirm_by
    with time_machine.travel(deadline - timedelta(minutes=1), tick=False):
        assert services.finalists_expire() == 0
    with time_machine.travel(deadline + timedelta(minutes=1), tick=False):
        with pytest.raises(ValidationError, match="прошёл"):
            services.finalist_confirm(application_id=silent.pk, by=silent.applicant)
        # Everyone was invited at once: every invitation but the confirmed one expires.
        assert services.finalists_expire() == 9
    assert status_of(silent) == F.EXPIRED and status_of(answered) == F.CONFIRMED
    promoted = Finalist.objects.get(application=waiting)
    assert promoted.status == F.INVITED and promoted.confirm_by > deadline
    with time_machine.travel(promoted.confirm_by + timedelta(minutes=1), tick=False):
        services.finalists_expire()
    # Nobody waits in agro any more: the seat stays free, and that is all.
    assert status_of(waiting) == F.EXPIRED
    assert not Finalist.objects.filter(season=season, direction__code="agro", status=F.INVITED).exists()


def test_a_confirmation_reminder_goes_once_within_the_lead_of_the_deadline():
    _season, seated = published_finalists()
    finalist = seated[0]
    deadline = finalist.confirm_by
    with time_machine.travel(deadline - timedelta(hours=30), tick=False):
        assert services.confirmation_reminders_send() == 0
    with time_machine.travel(deadline - timedelta(hours=20), tick=False):
        services.confirmation_reminders_send()
        services.confirmation_reminders_send()
    assert told(Event.CONFIRMATION_REMINDER, finalist.application) == 1
    services.finalist_confirm(application_id=finalist.application_id, by=finalist.application.applicant)
    with time_machine.travel(deadline - timedelta(hours=1), tick=False):
        services.confirmation_reminders_send()
    assert told(Event.CONFIRMATION_REMINDER, finalist.application) == 1


def test_the_transition_table_refuses_what_it_does_not_list():
    _season, seated = published_finalists()
    finalist = seated[0]
    with pytest.raises(ValidationError, match="нельзя сменить"):
        services.finalist_status_change(finalist_id=finalist.pk, to_status=F.WAITING, by=organizer())
    services.finalist_status_change(
        finalist_id=finalist.pk, to_status=F.DECLINED, by=organizer(), reason="Болезнь"
    )
    for status in F.values:
        if status != F.DECLINED:
            with pytest.raises(ValidationError):
                services.finalist_status_change(finalist_id=finalist.pk, to_status=status, by=organizer())


def test_the_database_refuses_two_finalists_in_one_seat():
    _season, seated = published_finalists()
    with pytest.raises(IntegrityError), transaction.atomic():
        Finalist.objects.filter(pk=seated[1].pk).update(seat=seated[0].seat)


def test_preferences_are_for_seated_finalists_and_known_skills():
    season, people, scores = finalist_season()
    finalist_list.finalists_propose(season_id=season.pk, review_scores=scores, by=organizer())
    finalist_list.finalists_publish(season_id=season.pk, by=organizer())
    seated, waiting = people["science"][0], people["science"][2]
    saved = services.finalist_preferences_save(
        application_id=seated.pk, skills=["editing", "camera"], accommodation_needed=True, by=seated.applicant
    )
    assert saved.skills == ["camera", "editing"] and saved.accommodation_needed is True
    with pytest.raises(ValidationError):
        services.finalist_preferences_save(
            application_id=seated.pk, skills=["juggling"], accommodation_needed=False, by=seated.applicant
        )
    with pytest.raises(ValidationError, match="приглашённые"):
        services.finalist_preferences_save(
            application_id=waiting.pk, skills=[], accommodation_needed=False, by=waiting.applicant
        )


def test_a_withdrawn_application_gives_up_its_seat_on_the_next_sweep():
    season, people, scores = finalist_season()
    finalist_list.finalists_propose(season_id=season.pk, review_scores=scores, by=organizer())
    finalist_list.finalists_publish(season_id=season.pk, by=organizer())
    leaving, waiting = people["agro"][0], people["agro"][2]
    services.finalist_confirm(application_id=leaving.pk, by=leaving.applicant)
    application_withdraw(application_id=leaving.pk, by=leaving.applicant, reason="Переезжаю")
    assert services.finalists_withdrawn_release() == 1
    assert status_of(leaving) == F.DECLINED and status_of(waiting) == F.INVITED
    assert (
        FinalistChange.objects.filter(finalist__application=leaving).latest("pk").reason == "Заявка отозвана."
    )
    assert services.finalists_withdrawn_release() == 0


def test_the_beat_tasks_run_the_sweeps_and_reminders():
    _season, seated = published_finalists()
    with time_machine.travel(seated[0].confirm_by + timedelta(minutes=1), tick=False):
        assert tasks.finalists_sweep() == {"expired": 10, "withdrawn": 0}
        assert set(tasks.schedule_reminders_send()) == {"sessions", "confirmations", "stage_moves"}


def test_without_scores_given_the_ranking_takes_the_review_stages_own():
    season = season_at(days_in=40, team_size=1, finalists_quota=len(DIRECTIONS))
    programme_settings(season, officials_per_team=0)
    season_criteria = review_factories.criteria(season)
    reviewer = review_factories.judge("culture")
    people = []
    for value in (2, 9, 5):
        application = review_factories.submitted_application(
            "culture", season=season, status=ApplicationStatus.UNDER_REVIEW
        )
        review_factories.assigned(application, reviewer)
        review_factories.submit(application, reviewer, season_criteria, value)
        people.append(application)
    Application.objects.filter(pk__in=[a.pk for a in people]).update(status=ApplicationStatus.SELECTED)
    result = finalist_list.finalists_propose(season_id=season.pk, by=organizer())
    assert [p.application_id for p in result.seated] == [people[1].pk]
    assert [p.application_id for p in result.waiting] == [people[2].pk, people[0].pk]
