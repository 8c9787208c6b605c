"""The final on PostgreSQL with real concurrency: two members of a team uploading at the
same moment get versions one after the other, both kept, the later one shown; two
organizers placing the team's slot at once make one slot and one session."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from modules.models import Session
from teams.final.models import Presentation, PresentationSlot
from teams.final.services.agenda import presentation_slot_place
from teams.final.services.presentations import presentation_upload
from tests.factories import organizer
from tests.final.factories import final_season, member, pdf_file, team
from tests.modules.factories import stage_of
from topblog.tracks.models import StageKind

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def side_by_side(calls) -> list[Exception]:
    start = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            start.wait(timeout=10)
            call()
        except Exception as error:  # reported by the caller's assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_two_members_uploading_at_once_get_two_versions():
    culture = team(final_season(), "culture")
    people = [member(culture).finalist.application.applicant for _ in range(2)]
    errors = side_by_side(
        [
            lambda person=person, n=n: presentation_upload(
                team_id=culture.pk, uploaded_file=pdf_file(f"deck-{n}.pdf"), by=person
            )
            for n, person in enumerate(people)
        ]
    )
    assert errors == []
    presentation = Presentation.objects.get(team=culture)
    assert sorted(presentation.versions.values_list("number", flat=True)) == [1, 2]
    assert presentation.shown_version.number == 2


def test_two_organizers_placing_a_slot_at_once_make_one():
    season = final_season()
    culture = team(season, "culture")
    start = stage_of(season, StageKind.FINAL).starts_at + timedelta(hours=26)
    errors = side_by_side(
        [
            lambda: presentation_slot_place(
                team_id=culture.pk,
                starts_at=start,
                ends_at=start + timedelta(minutes=30),
                room="Большой зал",
                by=organizer(),
            )
            for _ in range(2)
        ]
    )
    assert errors == []
    assert PresentationSlot.objects.filter(team=culture).count() == 1
    assert Session.objects.filter(team_number=culture.number).count() == 1
