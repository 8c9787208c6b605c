"""The programme's part of a person's data download: their own register data with its
consent, marks, work and grades, certificate and finalist steps, and nobody else's."""

import pytest
from django.urls import reverse
from django.utils import timezone

from modules.models import Attendance, EducationRecord, Submission
from modules.services import finalist_list
from tests.factories import organizer
from tests.modules.factories import AssignmentFactory, ModuleFactory, SessionFactory, season_at, trainee
from tests.modules.test_finalists import finalist_season
from topblog.accounts.models import Consent, ConsentDocument
from topblog.accounts.selectors import consent_document_current

pytestmark = pytest.mark.django_db


def download(client, user) -> dict:
    client.force_login(user)
    return client.get(reverse("cabinet:export")).json()["programme"]


def test_the_download_has_the_persons_programme_and_only_theirs(client):
    season = season_at()
    person, other = trainee(season), trainee(season)
    now = timezone.now()
    session = SessionFactory(module=ModuleFactory(season=season), title="Свет")
    task = AssignmentFactory(module=session.module, title="Ролик")
    for who, present in ((person, True), (other, False)):
        Attendance.objects.create(
            session=session, application=who, present=present, source="import", marked_at=now
        )
        Submission.objects.create(
            assignment=task, application=who, link=f"https://vk.com/{who.pk}", submitted_at=now
        )
    consent = Consent.objects.create(
        user=person.applicant,
        given_at=now,
        document=consent_document_current(kind=ConsentDocument.Kind.EDUCATION_RECORDS),
    )
    EducationRecord.objects.create(
        application=person, snils="11223344595", sex="F", education_level="student", consent=consent
    )
    data = download(client, person.applicant)
    assert (
        data["education_record"]["snils"] == "11223344595"
        and data["education_record"]["consent_version"] == 1
    )
    assert [(a["session"], a["present"]) for a in data["attendance"]] == [("Свет", True)]
    assert [s["link"] for s in data["submissions"]] == [f"https://vk.com/{person.pk}"]
    assert data["finalist"] is None and data["certificates"] == []


def test_a_finalists_steps_are_in_the_download_but_not_the_organizers_draft(client):
    season, people, scores = finalist_season()
    finalist_list.finalists_propose(season_id=season.pk, review_scores=scores, by=organizer())
    person = people["culture"][0]
    assert download(client, person.applicant)["finalist"] is None
    finalist_list.finalists_publish(season_id=season.pk, by=organizer())
    finalist = download(client, person.applicant)["finalist"]
    assert finalist["status"] == "invited" and [h["to_status"] for h in finalist["history"]] == ["invited"]
