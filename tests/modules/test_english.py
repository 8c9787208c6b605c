"""The programme's pages in English: no Russian word left but what organizers and people
typed (titles of modules, sessions and assignments, names, the programme's name)."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from modules.models import Attendance, Certificate, Submission
from modules.services.certificates import certificates_issue
from tests.factories import expert, organizer
from tests.modules.factories import AssignmentFactory, ModuleFactory, SessionFactory, season_at, trainee
from tests.modules.test_finalists import published_finalists
from tests.test_english import russian_left

pytestmark = pytest.mark.django_db

TYPED = (
    "Модуль",
    "Занятие",
    "Задание",
    "Ольга Петрова",
    "Зал 1",
    "Снимите короткое видео о своём регионе.",
    "Иванова",
    "Мария",
    "Медиакоммуникации для государственных проектов",
    "Мастерская управления «Сенеж»",
    "«Сенеж»",
    "Культура и креативные индустрии",
    "Москва",
)


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return russian_left(response.content.decode(), typed=TYPED)


def test_a_trainees_pages_read_in_english(client, django_capture_on_commit_callbacks):
    season = season_at(days_in=40)
    person = trainee(season)
    module = ModuleFactory(season=season)
    session = SessionFactory(module=module, is_public=True)
    task = AssignmentFactory(module=module, deadline=timezone.now() - timezone.timedelta(days=1))
    now = timezone.now()
    Attendance.objects.create(
        session=session, application=person, present=True, source="import", marked_at=now
    )
    Submission.objects.create(
        assignment=task,
        application=person,
        link="https://vk.com/v",
        submitted_at=now,
        score=9,
        graded_at=now,
        feedback="",
    )
    with django_capture_on_commit_callbacks(execute=True):
        certificates_issue(season_id=season.pk, by=organizer())
    certificate = Certificate.objects.get()
    english(client).force_login(person.applicant)
    for url in (
        reverse("modules:my_programme"),
        reverse("modules:my_schedule"),
        reverse("modules:education_record"),
        reverse("modules:assignment", args=[task.pk]),
        reverse("modules:public_schedule"),
        reverse("modules:certificate_verify", args=[certificate.number, certificate.verification_code]),
        reverse("cabinet:home"),
    ):
        assert page(client, url) == [], url


def test_a_finalists_page_and_the_grading_queue_read_in_english(client):
    _season, seated = published_finalists()
    english(client).force_login(seated[0].application.applicant)
    assert page(client, reverse("modules:finalist")) == []
    client.force_login(expert())
    assert page(client, reverse("modules:grading_queue")) == []
