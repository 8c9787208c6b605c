"""The programme in the admin: organizers schedule sessions (told through the service),
mark and import attendance, issue and revoke certificates, export them for ФИС ФРДО,
publish the finalists and record declines; nobody else gets in; lists cost the same
queries at any size."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from modules.models import Attendance, Certificate, EducationRecord, Finalist, Session
from modules.services.certificates import certificate_revoke
from modules.services.finalist_list import finalists_propose
from tests.factories import applicant, expert, organizer
from tests.modules.factories import (
    CertificateFactory,
    ModuleFactory,
    SessionFactory,
    season_at,
    stage_of,
    trainee,
)
from tests.modules.queries import assert_same_queries
from tests.modules.test_finalists import finalist_season
from topblog.accounts.models import Consent, ConsentDocument
from topblog.accounts.selectors import consent_document_current
from topblog.notifications.models import Event, OutboxMessage

pytestmark = pytest.mark.django_db

MODELS = [
    "programmesettings",
    "session",
    "attendance",
    "module",
    "assignment",
    "submission",
    "certificate",
    "educationrecord",
    "finalist",
]


@pytest.fixture
def staff(client):
    client.force_login(organizer())
    return client


@pytest.mark.parametrize("model", MODELS)
def test_every_list_opens_to_organizers_only(client, model):
    season_at()
    url = reverse(f"admin:modules_{model}_changelist")
    client.force_login(organizer())
    assert client.get(url).status_code == 200
    for stranger in (applicant(), expert()):
        client.force_login(stranger)
        assert client.get(url).status_code == 302  # to the admin login


def grow_everything(season, count: int) -> None:
    module = ModuleFactory(season=season)
    for _ in range(count):
        person = trainee(season)
        session = SessionFactory(module=module)
        Attendance.objects.create(
            session=session, application=person, present=True, source="import", marked_at=timezone.now()
        )
        CertificateFactory(application=person)


@pytest.mark.parametrize("model", ["session", "attendance", "certificate", "submission", "finalist"])
def test_lists_cost_the_same_queries_at_any_size(staff, django_assert_num_queries, model):
    season = season_at()
    grow_everything(season, 2)
    url = reverse(f"admin:modules_{model}_changelist")
    assert_same_queries(
        django_assert_num_queries, lambda: staff.get(url), lambda: grow_everything(season, 8), at_most=14
    )


def test_a_session_added_in_the_admin_is_told_through_the_service(staff):
    season = season_at()
    person = trainee(season)
    stage = stage_of(season)
    start = timezone.localtime(timezone.now() + timedelta(days=2))
    form = {
        "stage": stage.pk,
        "module": ModuleFactory(season=season).pk,
        "title": "Сторителлинг",
        "starts_at_0": start.strftime("%d.%m.%Y"),
        "starts_at_1": "19:00:00",
        "ends_at_0": start.strftime("%d.%m.%Y"),
        "ends_at_1": "20:30:00",
        "room": "Зал 2",
        "audience": "selected",
        "online_url": "",
        "description": "",
        "lecturer": "",
    }
    response = staff.post(reverse("admin:modules_session_add"), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert OutboxMessage.objects.filter(event=Event.SESSION_SCHEDULED, recipient=person.applicant).exists()
    outside = stage.ends_at + timedelta(days=3)
    form.update(starts_at_0=outside.strftime("%d.%m.%Y"), ends_at_0=outside.strftime("%d.%m.%Y"))
    refused = staff.post(reverse("admin:modules_session_add"), form)
    assert refused.status_code == 200 and "в сроки этапа" in refused.content.decode()
    assert Session.objects.count() == 1


def test_attendance_is_marked_on_the_sessions_page(staff):
    season = season_at()
    here, away = trainee(season), trainee(season)
    session = SessionFactory()
    url = reverse("admin:modules_session_attendance", args=[session.pk])
    assert here.last_name in staff.get(url).content.decode()
    staff.post(url, {"present": [here.pk]})
    assert dict(Attendance.objects.values_list("application_id", "present")) == {
        here.pk: True,
        away.pk: False,
    }


def test_the_import_page_lists_every_bad_row_or_imports_them_all(staff):
    season = season_at()
    person = trainee(season)
    session = SessionFactory()
    url = reverse("admin:modules_attendance_import")
    bad = (
        f"email;session;present\n{person.applicant.email};{session.pk};1\nnobody@example.com;{session.pk};1\n"
    )
    response = staff.post(url, {"file": SimpleUploadedFile("a.csv", bad.encode())})
    assert "Строка 3: неизвестный участник «nobody@example.com»" in response.content.decode()
    assert not Attendance.objects.exists()
    good = f"email;session;present\n{person.applicant.email};{session.pk};1\n"
    response = staff.post(url, {"file": SimpleUploadedFile("a.csv", good.encode())}, follow=True)
    assert "новых отметок 1" in response.content.decode()
    assert Attendance.objects.get().present


def test_the_issue_page_counts_and_issues(staff, django_capture_on_commit_callbacks):
    season = season_at(days_in=40)
    ModuleFactory(season=season)
    trainee(season)
    url = reverse("admin:modules_certificate_issue")
    assert 'id="to-issue">1<' in staff.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(url)
    assert Certificate.objects.count() == 1


def test_the_register_export_has_its_columns_and_leaves_out_revoked_certificates(staff):
    season = season_at()
    grow_everything(season, 2)
    kept, revoked = Certificate.objects.order_by("pk")
    consent = Consent.objects.create(
        user=kept.application.applicant,
        given_at=timezone.now(),
        document=consent_document_current(kind=ConsentDocument.Kind.EDUCATION_RECORDS),
    )
    EducationRecord.objects.create(
        application=kept.application,
        snils="11223344595",
        sex="F",
        education_level="higher",
        diploma_number="123",
        consent=consent,
    )
    certificate_revoke(certificate_id=revoked.pk, reason="Ошибка", by=organizer())
    response = staff.post(
        reverse("admin:modules_certificate_changelist"),
        {
            "action": "export_frdo_csv",
            ACTION_CHECKBOX_NAME: [kept.pk, revoked.pk],
        },
    )
    rows = list(
        csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";")
    )
    header, *lines = rows
    assert header[:3] == ["Название документа", "Вид документа", "Статус документа"]
    assert "СНИЛС" in header and len(lines) == 1
    line = dict(zip(header, lines[0], strict=True))
    assert line["Номер документа"] == kept.number and line["СНИЛС"] == "112-233-445 95"
    assert line["Пол получателя"] == "Жен" and line["Уровень образования ВО/СПО"] == "Высшее образование"


def test_publishing_and_a_decline_on_behalf_go_through_the_service(staff):
    season, people, scores = finalist_season()
    finalists_propose(season_id=season.pk, review_scores=scores, by=organizer())
    changelist = reverse("admin:modules_finalist_changelist")
    any_row = Finalist.objects.filter(season=season).first()
    staff.post(changelist, {"action": "publish", ACTION_CHECKBOX_NAME: [any_row.pk]})
    assert Finalist.objects.filter(season=season, status="invited").count() == 10
    leaving = Finalist.objects.get(application=people["tourism"][0])
    confirm = staff.post(changelist, {"action": "decline_on_behalf", ACTION_CHECKBOX_NAME: [leaving.pk]})
    assert "Отметить отказ" in confirm.content.decode()
    staff.post(
        changelist,
        {
            "action": "decline_on_behalf",
            ACTION_CHECKBOX_NAME: [leaving.pk],
            "confirm": "yes",
            "reason": "Сообщила по телефону",
        },
    )
    leaving.refresh_from_db()
    assert leaving.status == "declined"
    assert Finalist.objects.get(application=people["tourism"][2]).status == "invited"
