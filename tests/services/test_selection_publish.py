"""Publishing the selection on PostgreSQL with real concurrency: two organizers at once
give one result, one status change and one notification per person, whether they call
the service side by side or their tasks run on two worker processes."""

import ast
import re
import threading
from collections import Counter

import pytest
from django.db import connection

from applications.models import ApplicationStatus, StatusChange
from applications.review import services, tasks
from applications.review.models import Selection
from tests.applications.review.factories import (
    assigned,
    criteria,
    current_season,
    judge,
    review_settings,
    submit,
    submitted_application,
)
from tests.factories import organizer
from tests.services.conftest import wait_until
from topblog.notifications.models import Channel, Event, OutboxMessage, OutboxState

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

S = ApplicationStatus
PEOPLE = 12


# Celery stores no results (nothing in the portal reads them); a worker logs what each
# task returned: "Task <name>[<id>] succeeded in <s>s: <value>".
SUCCEEDED = re.compile(r"selection_publish_task\[[^\]]+\] succeeded in [\d.]+s: (\{.*\})")


def task_outcomes(worker) -> list[dict]:
    return [
        ast.literal_eval(found) for found in SUCCEEDED.findall(worker.log_path.read_text(errors="replace"))
    ]


def proposed_season():
    season = current_season()
    season.bloggers_quota = PEOPLE // 2
    season.save()
    review_settings(season)
    season_criteria = criteria(season)
    first, second = judge("culture"), judge("culture")
    made = []
    for n in range(PEOPLE):
        application = submitted_application("culture", status=S.UNDER_REVIEW)
        for person in (first, second):
            assigned(application, person)
            submit(application, person, season_criteria, n % 11)
        made.append(application)
    services.selection_propose(season_id=season.pk, by=None)
    return season, made


def assert_one_result(made) -> None:
    statuses = Counter(a.status for a in made if not a.refresh_from_db())
    assert statuses == {S.SELECTED: PEOPLE // 2, S.NOT_SELECTED: PEOPLE // 2}
    changes = Counter(
        StatusChange.objects.filter(to_status__in=[S.SELECTED, S.NOT_SELECTED]).values_list(
            "application_id", flat=True
        )
    )
    assert set(changes.values()) == {1} and len(changes) == PEOPLE
    mails = Counter(
        OutboxMessage.objects.filter(event=Event.SELECTION_RESULT, channel=Channel.EMAIL).values_list(
            "recipient_id", flat=True
        )
    )
    assert mails == Counter({a.applicant_id: 1 for a in made})


def test_two_organizers_publishing_side_by_side_give_one_result():
    season, made = proposed_season()
    organizers = [organizer(), organizer()]
    start = threading.Barrier(2)
    results, errors = [], []

    def publish(person):
        try:
            start.wait(timeout=10)
            results.append(services.selection_publish(season_id=season.pk, by=person))
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(person,)) for person in organizers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(r.already for r in results) == [False, True]
    published = Selection.objects.get(season=season)
    assert published.published_by_id in {p.pk for p in organizers}
    assert_one_result(made)


def test_two_publication_tasks_on_two_worker_processes_mail_each_person_once(
    smtp_sink, celery_worker_factory
):
    season, made = proposed_season()
    smtp_sink.start()
    worker = celery_worker_factory(concurrency=2, env={"EMAIL_URL": smtp_sink.url})
    first, second = organizer(), organizer()

    for person in (first, second):
        tasks.selection_publish_task.delay(season.pk, person.pk)
    wait_until(lambda: len(task_outcomes(worker)) == 2, timeout=120, what="both publication tasks to finish")

    assert sorted(o["published"] for o in task_outcomes(worker)) == [False, True]
    wait_until(
        lambda: (
            not OutboxMessage.objects.filter(event=Event.SELECTION_RESULT)
            .exclude(state=OutboxState.SENT)
            .exists()
            and smtp_sink.total >= PEOPLE
        ),
        timeout=120,
        what="every selection result delivered",
    )
    assert_one_result(made)
    assert smtp_sink.total == PEOPLE and set(smtp_sink.received.values()) == {1}
