"""Publishing the final's jury results on PostgreSQL with real concurrency: two
organizers at once give one snapshot, one refusal and one message per person."""

import threading
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from teams.final.jury import services
from teams.final.models import FinalResults
from tests.factories import organizer
from tests.final import jury_factories as f
from tests.teams.factories import member, team
from topblog.notifications.models import Channel, Event, OutboxMessage

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_organizers_publishing_side_by_side_give_one_result():
    season = f.final_season()
    (a,) = f.criteria(season, 1)
    seat = f.juror(season)
    people = [member(team(season, code)) for code in ("culture", "health")]
    for n, code in enumerate(("culture", "health", "culture")):
        f.score(seat, f.project(season, code), {a: n + 1})
    start = threading.Barrier(2)
    published, refused, errors = [], [], []

    def publish(person):
        try:
            start.wait(timeout=10)
            published.append(services.final_results_publish(season=season, by=person))
        except ValidationError as error:
            refused.append(error.code)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(organizer(),)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(published) == 1 and refused == ["already_published"]
    assert FinalResults.objects.filter(season=season).count() == 1
    told = Counter(
        OutboxMessage.objects.filter(event=Event.RESULTS_PUBLISHED, channel=Channel.EMAIL).values_list(
            "recipient_id", flat=True
        )
    )
    expected = {p.finalist.application.applicant_id for p in people} | {seat.user_id}
    assert told == Counter(dict.fromkeys(expected, 1))
