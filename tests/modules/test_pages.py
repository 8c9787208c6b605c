"""The programme's pages for each kind of visitor: the public schedule for anyone; a
trainee's programme, register data and finalist page for that trainee only (404 to
anyone else), with what each shows and the same number of queries at any size."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from modules.models import Attendance, EducationRecord, Submission
from tests.factories import applicant, expert, ministry_curator, ministry_leadership, organizer
from tests.modules.factories import AssignmentFactory, ModuleFactory, SessionFactory, season_at, trainee
from tests.modules.queries import assert_same_queries
from tests.modules.test_finalists import published_finalists
from topblog.accounts.models import Consent, ConsentDocument

pytestmark = pytest.mark.django_db

VISITORS = {
    "anonymous": None,
    "applicant": applicant,
    "expert": expert,
    "organizer": organizer,
    "curator": ministry_curator,
    "leadership": ministry_leadership,
}


def visit(client, who):
    factory = VISITORS[who]
    if factory is not None:
        client.force_login(factory())


@pytest.mark.parametrize("who", [*VISITORS, "trainee"])
def test_the_public_schedule_is_open_to_everyone_and_shows_only_public_sessions(client, who):
    season = season_at()
    SessionFactory(
        title="Открытая лекция",
        is_public=True,
        starts_at=datetime(2031, 3, 10, 16, 0, tzinfo=UTC),
        ends_at=datetime(2031, 3, 10, 17, 0, tzinfo=UTC),
    )
    SessionFactory(title="Закрытый семинар")
    if who == "trainee":
        client.force_login(trainee(season).applicant)
    else:
        visit(client, who)
    html = client.get(reverse("modules:public_schedule")).content.decode()
    assert "Открытая лекция" in html and "10 марта 2031, 19:00 МСК" in html and "Закрытый семинар" not in html
    assert "Программа ДПО" in html


def test_the_public_schedule_costs_the_same_queries_at_any_size(client, django_assert_num_queries):
    season_at()
    SessionFactory(is_public=True)
    assert_same_queries(
        django_assert_num_queries,
        lambda: client.get(reverse("modules:public_schedule")),
        lambda: [SessionFactory(is_public=True) for _ in range(7)],
        at_most=3,
    )


@pytest.mark.parametrize("url_name", ["my_schedule", "my_programme"])
def test_a_trainees_schedule_and_programme_cost_the_same_queries_at_any_size(
    client, django_assert_num_queries, url_name
):
    season = season_at()
    person = trainee(season)
    module = ModuleFactory(season=season)

    def grow(count: int) -> None:
        for _ in range(count):
            session = SessionFactory(module=module)
            Attendance.objects.create(
                session=session, application=person, present=True, source="import", marked_at=timezone.now()
            )
            AssignmentFactory(module=module)

    grow(1)
    client.force_login(person.applicant)
    assert_same_queries(
        django_assert_num_queries,
        lambda: client.get(reverse(f"modules:{url_name}")),
        lambda: grow(7),
        at_most=20,  # the teams app's roster of team numbers is one of them
    )


@pytest.mark.parametrize("who", list(VISITORS))
@pytest.mark.parametrize(
    "url_name", ["my_programme", "my_schedule", "education_record", "finalist", "certificate_download"]
)
def test_a_trainees_pages_are_404_to_anyone_else(client, who, url_name):
    season_at()
    visit(client, who)
    response = client.get(reverse(f"modules:{url_name}"))
    assert response.status_code == (302 if who == "anonymous" else 404)


def test_the_programme_shows_attendance_grades_and_what_is_missing(client):
    season = season_at()
    person = trainee(season)
    module = ModuleFactory(season=season, title="Съёмка и монтаж", hours=24)
    held, missed = SessionFactory(module=module, title="Свет"), SessionFactory(module=module, title="Звук")
    now = timezone.now()
    Attendance.objects.create(session=held, application=person, present=True, source="import", marked_at=now)
    Attendance.objects.create(
        session=missed, application=person, present=False, source="import", marked_at=now
    )
    task = AssignmentFactory(module=module, title="Ролик о земляке", max_score=10)
    Submission.objects.create(
        assignment=task, application=person, link="https://vk.com/v", submitted_at=now, score=4, graded_at=now
    )
    client.force_login(person.applicant)
    html = " ".join(client.get(reverse("modules:my_programme")).content.decode().split())
    assert "Съёмка и монтаж" in html and "24 ч." in html
    assert "1 из 2 прошедших занятий (50%), нужно не меньше 75%" in html
    assert "вы были на занятии" in html and "пропущено" in html
    assert "оценка 4 из 10 — ниже проходного балла" in html
    assert "сдано на проходной балл: 0 из 1" in html
    assert "Заполните СНИЛС" in html


def test_register_data_is_saved_with_its_own_recorded_consent(client):
    person = trainee(season_at())
    client.force_login(person.applicant)
    url = reverse("modules:education_record")
    form = {
        "snils": "112-233-445 95",
        "sex": "F",
        "citizenship": "643",
        "education_level": "higher",
        "diploma_last_name": "",
        "diploma_series": "1077",
        "diploma_number": "0123456",
    }
    refused = client.post(url, form)  # no consent
    assert refused.status_code == 400 and not EducationRecord.objects.exists()
    wrong = client.post(url, {**form, "snils": "112-233-445 96", "consent": "on"})
    assert wrong.status_code == 400 and "СНИЛС указан неверно" in wrong.content.decode()
    assert client.post(url, {**form, "consent": "on"}, HTTP_USER_AGENT="Firefox").status_code == 302
    record = EducationRecord.objects.get()
    assert record.snils == "11223344595" and record.application == person
    assert record.consent.document.kind == ConsentDocument.Kind.EDUCATION_RECORDS
    assert (
        Consent.objects.get(user=person.applicant, document__kind="education_records").user_agent == "Firefox"
    )
    no_diploma = client.post(url, {**form, "diploma_number": "", "consent": "on"})
    assert no_diploma.status_code == 400 and "номер диплома" in no_diploma.content.decode()


def test_the_finalist_page_confirms_and_declines_through_the_service(client):
    _season, seated = published_finalists()
    finalist = seated[0]
    client.force_login(finalist.application.applicant)
    html = client.get(reverse("modules:finalist")).content.decode()
    assert "Подтвердите участие до" in html and "МСК" in html
    assert client.post(reverse("modules:finalist_confirm")).status_code == 302
    finalist.refresh_from_db()
    assert finalist.status == "confirmed"
    html = client.get(reverse("modules:finalist")).content.decode()
    assert "Пожелания для команды" in html and "Участие подтверждено" in html
    response = client.post(
        reverse("modules:finalist_preferences"), {"skills": ["camera"], "accommodation_needed": "yes"}
    )
    assert response.status_code == 302
    finalist.refresh_from_db()
    assert finalist.skills == ["camera"] and finalist.accommodation_needed is True
    client.post(reverse("modules:finalist_decline"), {"reason": "Семейные обстоятельства"})
    finalist.refresh_from_db()
    assert finalist.status == "declined"
    assert "Семейные обстоятельства" in client.get(reverse("modules:finalist")).content.decode()


def test_a_trainee_not_on_the_published_list_has_no_finalist_page(client):
    season, _seated = published_finalists()
    not_finalist = trainee(season)
    client.force_login(not_finalist.applicant)
    assert client.get(reverse("modules:finalist")).status_code == 404
    assert client.post(reverse("modules:finalist_confirm")).status_code == 404


def test_a_finalist_past_the_deadline_cannot_confirm_on_the_page(client):
    _season, seated = published_finalists()
    finalist = seated[0]
    type(finalist).objects.filter(pk=finalist.pk).update(confirm_by=timezone.now() - timedelta(minutes=1))
    client.force_login(finalist.application.applicant)
    assert "Подтвердить участие" not in client.get(reverse("modules:finalist")).content.decode()
    response = client.post(reverse("modules:finalist_confirm"), follow=True)
    assert "Срок подтверждения участия прошёл" in response.content.decode()


def test_withdrawing_the_registers_consent_deletes_the_data_it_covered(client):
    person = trainee(season_at())
    client.force_login(person.applicant)
    form = {
        "snils": "112-233-445 95",
        "sex": "M",
        "citizenship": "643",
        "education_level": "student",
        "consent": "on",
    }
    client.post(reverse("modules:education_record"), form)
    assert EducationRecord.objects.filter(application=person).exists()
    url = reverse("consents:withdraw", args=[ConsentDocument.Kind.EDUCATION_RECORDS])
    assert "СНИЛС и сведения об образовании будут удалены" in client.get(url).content.decode()
    client.post(url, {"confirm": "on"})
    assert not EducationRecord.objects.filter(application=person).exists()
    consent = Consent.objects.get(user=person.applicant, document__kind="education_records")
    assert consent.withdrawn_at is not None
