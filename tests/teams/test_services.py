"""The formation and membership services: teams made once, a run applied in one go with
its history and one notice per person and team, a re-run that keeps locked members and
tells nobody twice, a stale run refused, moves into a full team refused by name, locks,
and members who left the team module leaving their team."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from applications.models import ApplicantRole
from modules.models import FinalistStatus
from modules.services.finalists import finalist_status_change
from teams.models import (
    FormationRun,
    FormationRunStatus,
    Membership,
    MembershipAction,
    MembershipChange,
    Team,
    TeamPreference,
)
from teams.services.formation import formation_run_apply, formation_run_start, teams_ensure
from teams.services.formation_compute import formation_input
from teams.services.membership import membership_lock, membership_move, memberships_departed_release
from teams.tasks import memberships_sweep
from tests.factories import organizer
from tests.modules.factories import season_at
from tests.teams.factories import confirmed_finalist, member, team
from topblog.notifications.models import Channel, Event, OutboxMessage
from topblog.tracks.models import StageKind

pytestmark = pytest.mark.django_db
DIRECTIONS = ["culture", "health", "agro", "science", "tourism"]


def wish(finalist, *codes, when=None):
    TeamPreference.objects.update_or_create(
        finalist=finalist, defaults={"directions": list(codes), "updated_at": when or timezone.now()}
    )


def told(finalist) -> list[str]:
    return list(
        OutboxMessage.objects.filter(
            event=Event.TEAM_ASSIGNED, channel=Channel.EMAIL, recipient=finalist.application.applicant
        ).values_list("occasion", flat=True)
    )


@pytest.fixture
def season():
    return season_at(StageKind.TEAM_MODULE, team_size=3)


def test_teams_are_made_once_per_direction_in_order_of_the_season_size(season):
    teams = teams_ensure(season=season)
    assert [(t.number, t.direction.code, t.capacity) for t in teams] == [
        (i + 1, code, 3) for i, code in enumerate(DIRECTIONS)
    ]
    Team.objects.filter(pk=teams[0].pk).update(capacity=5)
    assert [t.pk for t in teams_ensure(season=season)] == [t.pk for t in teams]
    assert Team.objects.get(pk=teams[0].pk).capacity == 5


def test_the_input_reads_wishes_own_direction_ministry_and_locks(season):
    blogger = confirmed_finalist(season, "health")
    wish(blogger, "agro", "culture")
    quiet = confirmed_finalist(season, "science")
    official = confirmed_finalist(season, "tourism", role=ApplicantRole.OFFICIAL)
    locked = member(team(season, "agro"), locked=True)
    teams_ensure(season=season)
    people = {p.id: p for p in formation_input(season=season).people}
    assert people[str(blogger.pk)].preferences == ("agro", "culture")
    assert people[str(blogger.pk)].region == blogger.application.region.code
    assert people[str(quiet.pk)].preferences == ("science",)
    assert people[str(official.pk)].home_direction == "tourism"
    assert people[str(locked.finalist_id)].locked_direction == "agro"


def formed_season(season, count=10):
    people = []
    for index in range(count):
        finalist = confirmed_finalist(season, DIRECTIONS[index % 5])
        wish(finalist, DIRECTIONS[index % 5], DIRECTIONS[(index + 1) % 5])
        people.append(finalist)
    return people


def test_applying_a_run_writes_members_history_sizes_and_tells_each_once(
    season, django_capture_on_commit_callbacks
):
    people = formed_season(season)
    boss = organizer()
    run = formation_run_start(season=season, by=boss)
    assert run.status == FormationRunStatus.READY and run.progress == 100
    assert run.result["metrics"]["first_choice_share"] == 1.0
    assert Membership.objects.count() == 0  # a dry run writes no member
    with django_capture_on_commit_callbacks(execute=True):
        applied = formation_run_apply(run_id=run.pk, by=boss)
    assert (applied.placed, applied.moved, applied.told) == (10, 0, 10)
    for person in people:
        membership = Membership.objects.get(finalist=person)
        assert membership.team.direction_id == person.direction_id
        assert told(person) == [f"team-{membership.team_id}"]
        change = MembershipChange.objects.get(finalist=person)
        assert (change.action, change.to_team_id, change.changed_by) == ("formed", membership.team_id, boss)
        assert change.changed_at is not None
    assert sorted(Team.objects.values_list("size", flat=True)) == [2, 2, 2, 2, 2]
    run.refresh_from_db()
    assert (run.status, run.applied_by) == (FormationRunStatus.APPLIED, boss)
    message = OutboxMessage.objects.filter(event=Event.TEAM_ASSIGNED).first()
    assert message.context["ministry"] and message.context["team_url"].startswith("/teams/")
    with pytest.raises(ValidationError, match="нельзя применить"):
        formation_run_apply(run_id=run.pk, by=boss)


def test_a_rerun_keeps_locked_members_and_tells_only_those_who_changed(season):
    people = formed_season(season)
    boss = organizer()
    formation_run_apply(run_id=formation_run_start(season=season, by=boss).pk, by=boss)
    keeper, mover = people[0], people[1]
    membership_lock(finalist_id=keeper.pk, locked=True, by=boss)
    wish(keeper, "tourism")  # would move them, but they are locked
    wish(mover, "tourism")
    run = formation_run_start(season=season, by=boss)
    applied = formation_run_apply(run_id=run.pk, by=boss)
    assert (applied.placed, applied.moved, applied.told) == (0, 1, 1)
    assert Membership.objects.get(finalist=keeper).team.direction.code == "culture"
    moved_to = Membership.objects.get(finalist=mover).team
    assert moved_to.direction.code == "tourism"
    assert len(told(mover)) == 2 and f"team-{moved_to.pk}" in told(mover)
    assert all(len(told(p)) == 1 for p in people if p != mover)
    assert MembershipChange.objects.filter(finalist=mover, action=MembershipAction.MOVED).count() == 1


def test_a_run_whose_input_changed_is_refused_and_marked_stale(season):
    people = formed_season(season, 4)
    boss = organizer()
    run = formation_run_start(season=season, by=boss)
    wish(people[0], "science")
    with pytest.raises(ValidationError, match="Рассчитайте команды заново"):
        formation_run_apply(run_id=run.pk, by=boss)
    assert FormationRun.objects.get(pk=run.pk).status == FormationRunStatus.STALE
    assert Membership.objects.count() == 0


def test_a_formation_that_cannot_hold_fails_with_the_reason_in_russian(season):
    for _ in range(4):
        confirmed_finalist(season, "health", role=ApplicantRole.OFFICIAL)
    run = formation_run_start(season=season, by=organizer())
    assert run.status == FormationRunStatus.FAILED
    assert "3" in run.error and "4" in run.error and run.result == {}


@override_settings(TEAMS_FORMATION_INLINE_MAX=2)
def test_a_large_formation_is_queued_for_the_job_after_commit(season, django_capture_on_commit_callbacks):
    formed_season(season, 5)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = formation_run_start(season=season, by=organizer())
    assert (run.status, run.progress, len(callbacks)) == (FormationRunStatus.QUEUED, 0, 1)
    callbacks[0]()  # the eager job
    run.refresh_from_db()
    assert (run.status, run.progress, run.people_count) == (FormationRunStatus.READY, 100, 5)


def test_a_move_into_a_full_team_is_refused_by_name_and_count(season):
    full = team(season, "health", capacity=2)
    member(full), member(full)
    person = member(team(season, "culture"))
    with pytest.raises(ValidationError) as refused:
        membership_move(finalist_id=person.finalist_id, to_team_id=full.pk, by=organizer())
    assert refused.value.messages == ["В команде «Здравоохранение» нет свободных мест: 2 из 2."]
    assert Membership.objects.get(pk=person.pk).team.direction.code == "culture"


def test_a_move_records_who_when_why_changes_sizes_and_tells_the_person(season):
    boss = organizer()
    source, target = team(season, "culture"), team(season, "agro")
    person = member(source)
    membership_move(finalist_id=person.finalist_id, to_team_id=target.pk, by=boss, reason="Просьба куратора")
    assert Membership.objects.get(pk=person.pk).team == target
    assert Team.objects.get(pk=source.pk).size == 0 and Team.objects.get(pk=target.pk).size == 1
    change = MembershipChange.objects.get(finalist_id=person.finalist_id)
    assert (change.action, change.from_team, change.to_team, change.changed_by, change.reason) == (
        "moved",
        source,
        target,
        boss,
        "Просьба куратора",
    )
    assert told(person.finalist) == [f"team-{target.pk}"]
    with pytest.raises(ValidationError, match="уже в команде"):
        membership_move(finalist_id=person.finalist_id, to_team_id=target.pk, by=boss)


def test_lock_and_unlock_are_recorded_once_each(season):
    boss = organizer()
    person = member(team(season, "culture"))
    membership_lock(finalist_id=person.finalist_id, locked=True, by=boss)
    membership_lock(finalist_id=person.finalist_id, locked=True, by=boss)
    assert Membership.objects.get(pk=person.pk).locked
    membership_lock(finalist_id=person.finalist_id, locked=False, by=boss)
    assert not Membership.objects.get(pk=person.pk).locked
    assert list(
        MembershipChange.objects.filter(finalist_id=person.finalist_id).values_list("action", "changed_by")
    ) == [("locked", boss.pk), ("unlocked", boss.pk)]


def test_a_member_who_declines_leaves_the_team_on_the_next_sweep(season):
    crew = team(season, "culture")
    staying, leaving = member(crew), member(crew)
    finalist_status_change(finalist_id=leaving.finalist_id, to_status=FinalistStatus.DECLINED)
    assert memberships_sweep.delay().get() == 1
    assert memberships_departed_release() == 0
    assert list(Membership.objects.values_list("pk", flat=True)) == [staying.pk]
    assert Team.objects.get(pk=crew.pk).size == 1
    assert MembershipChange.objects.get(finalist_id=leaving.finalist_id).action == MembershipAction.LEFT


def test_a_rerun_with_nothing_changed_moves_and_tells_no_one(season):
    formed_season(season)
    formation_run_apply(run_id=formation_run_start(season=season, by=None).pk, by=None)
    messages = OutboxMessage.objects.count()
    applied = formation_run_apply(run_id=formation_run_start(season=season, by=None).pk, by=None)
    assert (applied.placed, applied.moved, applied.left, applied.told) == (0, 0, 0, 0)
    assert OutboxMessage.objects.count() == messages
