"""A team member's work in Chromium: a project created, a link added, a report sent with
its figures; a curator of the direction comments; the workspace's pages free of serious
and critical accessibility violations in Russian and in English, also on a phone."""

from urllib.parse import urlparse

import pytest

from teams.projects.models import CheckpointReport, MediaProject, ReachFigure
from tests.e2e.conftest import serious_violations
from tests.factories import PASSWORD, ministry_curator
from tests.projects.factories import refinement_season, team_with_members, user_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _login(page, base: str, email: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == next_path


def test_a_member_reports_and_a_curator_comments(live_server, page, axe, browser):
    season = refinement_season()
    team, members = team_with_members(season, "culture")
    workspace = f"/teams/{team.pk}/projects/"
    _login(page, live_server.url, user_of(members[0]).email, workspace)
    assert serious_violations(axe.run(page)) == []

    page.get_by_role("link", name="Новый проект").click()
    page.wait_for_load_state()
    assert serious_violations(axe.run(page)) == []
    page.fill("#id_title", "Музеи рядом")
    page.fill("#id_goal", "Привести молодёжь в музеи")
    page.select_option("#id_format", "video")
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_load_state()
    project = MediaProject.objects.get(title="Музеи рядом")

    page.fill("#id_url", "https://vk.com/video-1_2")
    page.select_option("#id_platform", "vk")
    page.get_by_role("button", name="Добавить", exact=True).click()
    page.wait_for_load_state()
    assert "Ссылка добавлена" in page.locator("main").inner_text()
    assert serious_violations(axe.run(page)) == []

    page.get_by_role("link", name="Отправить отчёт").first.click()
    page.wait_for_load_state()
    assert serious_violations(axe.run(page)) == []
    page.fill("#id_note", "Первый выпуск опубликован")
    page.get_by_label("Просмотры").fill("1500")
    page.get_by_role("button", name="Отправить отчёт").click()
    page.wait_for_load_state()
    assert CheckpointReport.objects.get(project=project).note == "Первый выпуск опубликован"
    assert ReachFigure.objects.get().views == 1500

    curator = ministry_curator("culture")
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    phone = context.new_page()
    try:
        path = f"/teams/{team.pk}/projects/{project.pk}/"
        _login(phone, live_server.url, curator.email, path)
        phone.locator("form.lang-form button").click()
        phone.wait_for_load_state()
        assert "History of changes" in phone.locator("main").inner_text()
        assert serious_violations(axe.run(phone)) == []
        phone.fill("#id_text", "Good start")
        phone.get_by_role("button", name="Add a comment").click()
        phone.wait_for_load_state()
        assert "Good start" in phone.locator("main").inner_text()
        assert serious_violations(axe.run(phone)) == []
    finally:
        context.close()
