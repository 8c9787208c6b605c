"""Moves into a team on PostgreSQL with real concurrency: fifty organizers' moves at once
into a team with one free seat, each on its own connection, leave it exactly full, with
one move done and every other refused by name."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from teams.models import Membership, MembershipChange, Team
from teams.services.membership import membership_move
from tests.factories import organizer
from tests.modules.factories import season_at
from tests.teams.factories import member, team
from topblog.tracks.models import StageKind

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
MOVES = 50


def test_fifty_moves_at_once_into_the_last_free_seat_fill_it_once():
    season = season_at(StageKind.TEAM_MODULE, team_size=60)
    target = team(season, "health", capacity=3)
    member(target), member(target)
    source = team(season, "culture", capacity=60)
    movers = [member(source) for _ in range(MOVES)]
    boss = organizer()
    start = threading.Barrier(MOVES)
    done, refused, errors = [], [], []

    def move(membership):
        try:
            start.wait(timeout=30)
            membership_move(finalist_id=membership.finalist_id, to_team_id=target.pk, by=boss)
            done.append(membership.finalist_id)
        except ValidationError as error:
            refused.append(error.messages[0])
        except Exception as error:  # reported by the assertion below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(m,)) for m in movers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert len(done) == 1 and len(refused) == MOVES - 1
    assert all("«Здравоохранение»" in message and "3 из 3" in message for message in refused)
    assert Team.objects.get(pk=target.pk).size == 3 == Membership.objects.filter(team=target).count()
    assert Team.objects.get(pk=source.pk).size == MOVES - 1 == Membership.objects.filter(team=source).count()
    assert list(MembershipChange.objects.values_list("finalist_id", flat=True)) == done
