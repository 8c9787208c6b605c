"""The jury's services: criteria defaults, invitations, scores, and the results
computed from the database and published once, with everyone concerned told once."""

import math

import pytest
from django.core.exceptions import ValidationError

from teams.final.jury import selectors, services
from teams.final.jury.services import ScoreInput
from teams.final.models import FinalCriterion, FinalResults, JuryScore
from teams.projects.models import MediaProject
from tests.factories import UserFactory, ministry_curator, organizer
from tests.final import jury_factories as f
from tests.teams.factories import member, team
from topblog.accounts.personal_data import personal_data_export
from topblog.notifications.models import Channel, Event, OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def hand_checked():
    """The example of tests/final/test_jury_results.py, in the database: criteria weighing
    2 and 1, projects 1 and 2 of culture and 3 of health, two jurors of every direction."""
    season = f.final_season()
    a, b = f.criteria(season, 2, 1)
    projects = [f.project(season, "culture"), f.project(season, "culture"), f.project(season, "health")]
    harsh, lenient = f.juror(season), f.juror(season)
    for seat, given in ((harsh, ((6, 6), (4, 4), (5, 5))), (lenient, ((10, 10), (9, 9), (7, 7)))):
        for project, (x, y) in zip(projects, given, strict=True):
            f.score(seat, project, {a: x, b: y})
    return season, projects, (harsh, lenient), (a, b)


def test_the_selector_feeds_the_hand_checked_example(hand_checked):
    season, projects, _jurors, _criteria = hand_checked
    computed = selectors.results_compute(season_id=season.pk)
    assert [p.project_id for p in computed.placed] == [p.pk for p in projects]
    assert computed.placed[0].score == pytest.approx((3 / math.sqrt(6) + 4 / math.sqrt(14)) / 2)
    assert [p.place_in_direction for p in computed.placed] == [1, 2, 1]


def test_publish_once_and_everyone_concerned_is_told_once(hand_checked, django_capture_on_commit_callbacks):
    season, projects, jurors, _criteria = hand_checked
    culture_member = member(team(season, "culture"))
    health_member = member(team(season, "health"))
    curator = ministry_curator("culture")
    ministry_curator("tourism")  # no team of tourism this season: not concerned
    by = organizer()
    with django_capture_on_commit_callbacks(execute=True):
        published = services.final_results_publish(season=season, by=by)
    assert published.published_by == by
    assert published.results["overall"] == [p.pk for p in projects]
    told = set(
        OutboxMessage.objects.filter(event=Event.RESULTS_PUBLISHED, channel=Channel.EMAIL).values_list(
            "recipient_id", flat=True
        )
    )
    people = {culture_member, health_member}
    expected = (
        {m.finalist.application.applicant_id for m in people} | {curator.pk} | {j.user_id for j in jurors}
    )
    assert told == expected
    sent = OutboxMessage.objects.filter(event=Event.RESULTS_PUBLISHED).count()

    with pytest.raises(ValidationError) as refused, django_capture_on_commit_callbacks(execute=True):
        services.final_results_publish(season=season, by=by)
    assert refused.value.code == "already_published"
    assert FinalResults.objects.count() == 1
    assert OutboxMessage.objects.filter(event=Event.RESULTS_PUBLISHED).count() == sent


def test_the_published_snapshot_does_not_move_when_a_score_changes_afterwards(hand_checked):
    season, projects, _jurors, _criteria = hand_checked
    services.final_results_publish(season=season, by=None)
    JuryScore.objects.filter(project=projects[2]).update(score=10)
    assert FinalResults.objects.get(season=season).results["overall"] == [p.pk for p in projects]


def test_nothing_scored_is_not_published():
    season = f.final_season()
    f.criteria(season)
    f.project(season)
    with pytest.raises(ValidationError) as refused:
        services.final_results_publish(season=season, by=None)
    assert refused.value.code == "nothing_scored"
    assert not FinalResults.objects.exists()


def test_scores_are_saved_and_replaced_until_publication(hand_checked):
    season, projects, (harsh, _lenient), (a, b) = hand_checked
    services.jury_scores_save(
        juror=harsh, project_id=projects[0].pk, scores={a.pk: ScoreInput(9, "Сильно"), b.pk: ScoreInput(0)}
    )
    assert {s.criterion_id: (s.score, s.comment) for s in harsh.scores.filter(project=projects[0])} == {
        a.pk: (9, "Сильно"),
        b.pk: (0, ""),
    }
    services.final_results_publish(season=season, by=None)
    with pytest.raises(ValidationError) as refused:
        services.jury_scores_save(juror=harsh, project_id=projects[0].pk, scores={a.pk: ScoreInput(1)})
    assert refused.value.code == "published"
    assert harsh.scores.get(project=projects[0], criterion=a).score == 9


def test_a_score_out_of_range_is_refused_and_nothing_is_written():
    season = f.final_season()
    a, b = f.criteria(season, 1, 1, max_score=5)
    seat, project = f.juror(season), f.project(season)
    with pytest.raises(ValidationError) as refused:
        services.jury_scores_save(
            juror=seat, project_id=project.pk, scores={a.pk: ScoreInput(3), b.pk: ScoreInput(6)}
        )
    assert [e.code for e in refused.value.error_list] == ["out_of_range"]
    assert not JuryScore.objects.exists()


def test_a_juror_of_another_direction_cannot_score_the_project():
    season = f.final_season()
    (a,) = f.criteria(season, 1)
    seat, project = f.juror(season, "health"), f.project(season, "culture")
    with pytest.raises(MediaProject.DoesNotExist):
        services.jury_scores_save(juror=seat, project_id=project.pk, scores={a.pk: ScoreInput(3)})


def test_default_criteria_are_created_once():
    season = f.final_season()
    assert services.final_criteria_defaults_create(season=season) == len(services.DEFAULT_CRITERIA)
    assert services.final_criteria_defaults_create(season=season) == 0
    names = list(FinalCriterion.objects.filter(season=season).values_list("name", flat=True))
    assert names[0] == "Соответствие цели министерства"
    assert len(names) == len(services.DEFAULT_CRITERIA)


def test_inviting_a_new_person_makes_an_account_without_a_password_and_mails_the_link(
    django_capture_on_commit_callbacks, mailoutbox
):
    season = f.final_season()
    by = organizer()
    with django_capture_on_commit_callbacks(execute=True):
        seat = services.juror_invite(
            season=season, email=" Judge@Example.com", directions=[], first_name="Ольга", invited_by=by
        )
    assert seat.user.email == "judge@example.com"
    assert not seat.user.has_usable_password()
    assert seat.added_by == by
    message = OutboxMessage.objects.get(event=Event.JURY_INVITATION)
    assert message.channel == Channel.EMAIL
    assert "/final/jury/invitation/" in mailoutbox[0].body
    assert "/final/jury/invitation/" not in str(message.context)


def test_inviting_someone_with_an_account_keeps_it_and_links_to_the_queue(
    django_capture_on_commit_callbacks, mailoutbox
):
    season = f.final_season()
    existing = UserFactory(first_name="Сергей")
    with django_capture_on_commit_callbacks(execute=True):
        seat = services.juror_invite(
            season=season, email=existing.email, directions=[], first_name="Другое", invited_by=None
        )
    assert seat.user == existing
    existing.refresh_from_db()
    assert existing.first_name == "Сергей" and existing.has_usable_password()
    assert "/final/jury/" in mailoutbox[0].body and "/invitation/" not in mailoutbox[0].body


def test_a_jurors_seats_and_scores_are_in_their_data_export(hand_checked):
    _season, _projects, (harsh, _lenient), _criteria = hand_checked
    exported = personal_data_export(harsh.user)["jury"]
    assert len(exported["seats"]) == 1
    assert sorted(s["score"] for s in exported["scores"]) == [4, 4, 5, 5, 6, 6]
    assert personal_data_export(UserFactory()).get("jury") is None
