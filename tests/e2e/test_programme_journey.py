"""A trainee's journey in Chromium: the schedule in Moscow time, an assignment handed in,
the certificate downloaded; the cabinet, schedule, programme and assignment pages free
of serious and critical accessibility violations."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from modules.models import Submission
from modules.services.certificates import certificates_issue
from tests.e2e.conftest import serious_violations
from tests.factories import PASSWORD, organizer
from tests.modules.factories import AssignmentFactory, ModuleFactory, SessionFactory, season_at, trainee

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_trainee_opens_the_schedule_hands_in_work_and_downloads_the_certificate(live_server, page, axe):
    season = season_at(days_in=30)
    person = trainee(season, last_name="Иванова", first_name="Мария")
    module = ModuleFactory(season=season, title="Производство видеоконтента", hours=72)
    certificates_issue(season_id=season.pk, by=organizer())  # nothing was due yet: complete
    start = timezone.now() + timedelta(days=1)
    end = start + timedelta(hours=2)
    SessionFactory(module=module, title="Монтаж на телефоне", starts_at=start, ends_at=end)
    task = AssignmentFactory(module=module, title="Ролик о земляке", max_score=10)

    page.goto(live_server.url + "/accounts/login/?next=/programme/schedule/")
    page.fill("#id_username", person.applicant.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/programme/schedule/"
    session = page.locator(".session", has_text="Монтаж на телефоне")
    assert "МСК" in session.inner_text()
    assert serious_violations(axe.run(page)) == []

    page.get_by_role("link", name="Программа, задания и оценки").click()
    page.wait_for_load_state()
    assert serious_violations(axe.run(page)) == []
    page.get_by_role("link", name="Ролик о земляке").click()
    page.wait_for_load_state()
    assert serious_violations(axe.run(page)) == []
    page.fill("#id_link", "https://vk.com/video-1_456")
    page.fill("#id_comment", "Черновой монтаж")
    page.get_by_role("button", name="Сдать").click()
    page.wait_for_load_state()
    assert "Работа сдана" in page.locator("main").inner_text()
    assert Submission.objects.get(assignment=task, application=person).link == "https://vk.com/video-1_456"

    page.goto(live_server.url + "/programme/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать удостоверение").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith(".pdf")

    page.goto(live_server.url + "/cabinet/")
    assert page.locator("#programme-part").is_visible()
    assert serious_violations(axe.run(page)) == []
