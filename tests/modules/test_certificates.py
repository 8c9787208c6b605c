"""Certificates: issued by the completion rule with their numbers, printed as a Russian
PDF whose QR code leads to the public check, which shows the certificate and nothing
more; revoked ones say so; made-up numbers are 404. Downloads only to their holder
and organizers; the register's export only to organizers."""

import io
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from modules.models import Attendance, Certificate, Submission
from modules.services.certificates import certificate_revoke, certificates_issue
from modules.services.printing import certificate_pdf_ensure, certificate_verify_url
from tests.factories import applicant, organizer
from tests.modules.factories import (
    AssignmentFactory,
    ModuleFactory,
    SessionFactory,
    programme_settings,
    season_at,
)
from tests.modules.factories import trainee as make_trainee
from topblog.notifications.models import Channel, Event, OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    """A season near the end of its programme: one module of 36 hours with two sessions
    held and one assignment; three trainees, one of whom completed it."""
    season = season_at(days_in=40)
    programme_settings(season, certificate_prefix="MK5", certificate_first_number=41)
    module = ModuleFactory(season=season, hours=36, title="Видео для госкоммуникаций")
    sessions = [SessionFactory(module=module), SessionFactory(module=module)]
    task = AssignmentFactory(module=module, max_score=10, deadline=timezone.now() - timedelta(days=1))
    done = make_trainee(season, last_name="Иванова", first_name="Мария", patronymic="Сергеевна")
    skipped = make_trainee(season, last_name="Петров", first_name="Пётр")
    failed = make_trainee(season, last_name="Сидоров", first_name="Сидор")
    now = timezone.now()
    for person, attended in ((done, 2), (skipped, 1), (failed, 2)):
        for n, session in enumerate(sessions):
            Attendance.objects.create(
                session=session, application=person, present=n < attended, source="import", marked_at=now
            )
    for person, score in ((done, 8), (skipped, 9), (failed, 5)):
        Submission.objects.create(
            assignment=task,
            application=person,
            link="https://vk.com/video-1",
            submitted_at=now,
            score=score,
            graded_at=now,
        )
    return season, done, skipped, failed


@pytest.fixture
def issue(django_capture_on_commit_callbacks):
    """Issue the season's certificates as a request would: the print task runs after commit."""

    def issue_(season) -> list[Certificate]:
        with django_capture_on_commit_callbacks(execute=True):
            ids = certificates_issue(season_id=season.pk, by=organizer())
        return list(Certificate.objects.filter(pk__in=ids).order_by("sequence"))

    return issue_


def test_only_those_who_completed_get_a_numbered_certificate_and_are_told_once(programme, issue):
    season, done, skipped, _failed = programme
    (certificate,) = issue(season)
    assert certificate.application == done and certificate.number == "MK5-00041"
    assert (certificate.full_name, certificate.hours) == ("Иванова Мария Сергеевна", 36)
    assert certificate.starts_on == timezone.localdate(season.stages.get(kind="education").starts_at)
    assert (
        OutboxMessage.objects.filter(
            event=Event.CERTIFICATE_ISSUED, recipient=done.applicant, channel=Channel.EMAIL
        ).count()
        == 1
    )
    assert issue(season) == []
    # Petrov catches up on attendance: the next issue numbers on from the last.
    Attendance.objects.filter(application=skipped).update(present=True)
    (second,) = issue(season)
    assert second.application == skipped and second.number == "MK5-00042"


def test_the_pdf_is_in_russian_and_its_qr_code_leads_to_the_check(client, programme, issue):
    season, _done, *_ = programme
    (certificate,) = issue(season)
    certificate.refresh_from_db()
    assert certificate.pdf  # printed by the task after commit
    page = PdfReader(io.BytesIO(certificate.pdf.read())).pages[0]
    text = " ".join(page.extract_text().split())
    for expected in (
        "УДОСТОВЕРЕНИЕ",
        "о повышении квалификации",
        "Регистрационный номер MK5-00041",
        "Иванова Мария Сергеевна",
        "«Медиакоммуникации для государственных проектов»",
        "в объёме 36 ч.",
        "Мастерская управления «Сенеж»",
    ):
        assert expected in text
    (image,) = page.images
    (code,) = zxingcpp.read_barcodes(image.image)
    assert code.text == certificate_verify_url(certificate)
    response = client.get(urlsplit(code.text).path)
    assert response.status_code == 200
    assert "Удостоверение № MK5-00041 подлинное" in response.content.decode()


def test_the_check_shows_the_certificate_and_nothing_more(client, programme, issue):
    season, done, *_ = programme
    (certificate,) = issue(season)
    page = client.get(
        reverse("modules:certificate_verify", args=[certificate.number, certificate.verification_code])
    )
    html = page.content.decode()
    assert page.status_code == 200 and "Иванова Мария Сергеевна" in html
    for private in (done.applicant.email, done.phone, done.city, str(done.birth_date.year)):
        assert private not in html
    assert page["Cache-Control"] == "private, no-store"


def test_a_revoked_certificate_is_shown_revoked(client, programme, issue):
    season, *_ = programme
    (certificate,) = issue(season)
    with pytest.raises(ValidationError):
        certificate_revoke(certificate_id=certificate.pk, reason="", by=organizer())
    certificate_revoke(certificate_id=certificate.pk, reason="Выдано по ошибке", by=organizer())
    html = client.get(
        reverse("modules:certificate_verify", args=[certificate.number, certificate.verification_code])
    ).content.decode()
    assert "аннулировано" in html and "подлинное" not in html


def test_a_made_up_number_or_a_wrong_code_is_not_found(client, programme, issue):
    season, *_ = programme
    (certificate,) = issue(season)
    made_up = client.get(
        reverse("modules:certificate_verify", args=["MK5-99999", certificate.verification_code])
    )
    wrong_code = client.get(reverse("modules:certificate_verify", args=[certificate.number, "guess"]))
    assert made_up.status_code == wrong_code.status_code == 404
    assert "не найдено" in made_up.content.decode()
    assert "Иванова" not in wrong_code.content.decode()


def test_the_holder_downloads_their_pdf_and_nobody_else_but_organizers(client, programme, issue):
    season, done, skipped, _failed = programme
    (certificate,) = issue(season)
    file_url = reverse("modules:certificate_file", args=[certificate.pk])
    client.force_login(done.applicant)
    mine = client.get(reverse("modules:certificate_download"))
    assert mine.status_code == 200 and mine["Content-Type"] == "application/pdf"
    assert b"".join(mine.streaming_content).startswith(b"%PDF")
    for stranger in (skipped.applicant, applicant()):
        client.force_login(stranger)
        assert client.get(file_url).status_code == 404
    client.force_login(skipped.applicant)
    assert client.get(reverse("modules:certificate_download")).status_code == 404
    client.force_login(organizer())
    assert client.get(file_url).status_code == 200
    client.logout()
    assert client.get(file_url).status_code == 404


def test_a_certificate_whose_print_task_was_lost_is_printed_on_download(client, programme, issue):
    season, done, *_ = programme
    (certificate,) = issue(season)
    certificate.pdf.delete(save=True)
    client.force_login(done.applicant)
    assert client.get(reverse("modules:certificate_download")).status_code == 200
    certificate.refresh_from_db()
    assert certificate.pdf
    name = certificate.pdf.name
    assert certificate_pdf_ensure(certificate_id=certificate.pk).pdf.name == name  # never printed twice


def test_no_certificate_without_an_education_stage_or_modules():
    season = season_at()
    make_trainee(season)
    with pytest.raises(ValidationError, match="нет модулей"):
        certificates_issue(season_id=season.pk, by=organizer())
