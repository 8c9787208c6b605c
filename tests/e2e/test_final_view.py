"""The final in Chromium: a team member uploads the presentation from the cabinet's
link; a ministry curator opens /final/, sees the reach chart with its table, and opens
the presentation; both pages free of serious and critical accessibility violations in
Russian and in English."""

import pytest

from teams.final.models import Presentation
from tests.e2e.conftest import serious_violations
from tests.factories import PASSWORD, ministry_curator
from tests.final.factories import checkpoints, final_season, member, project, team
from topblog.demo.files import pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, live_server, user, path: str) -> None:
    page.goto(live_server.url + "/accounts/login/?next=" + path)
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def switch_to_english(page) -> None:
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()


def test_a_member_uploads_and_a_curator_opens_the_chart_and_the_presentation(
    live_server, browser, page, axe, tmp_path
):
    season = final_season()
    culture = team(season, "culture")
    project(culture, checkpoints(season), title="Музеи рядом")
    person = member(culture).finalist.application.applicant

    log_in(page, live_server, person, "/cabinet/")
    page.get_by_role("link", name="Презентация команды").click()
    page.wait_for_load_state()
    assert serious_violations(axe.run(page)) == []
    deck = tmp_path / "Итоги.pdf"
    deck.write_bytes(pdf_bytes(lines=["Culture team: final"]))
    page.set_input_files("#id_file", str(deck))
    page.get_by_role("button", name="Загрузить", exact=True).click()
    page.wait_for_load_state()
    assert "Новая версия презентации загружена" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Версия 1", exact=True).is_visible()
    assert serious_violations(axe.run(page)) == []
    switch_to_english(page)
    assert page.get_by_role("heading", name="Upload a new version").is_visible()
    assert serious_violations(axe.run(page)) == []
    assert Presentation.objects.get(team=culture).versions.count() == 1

    curator = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    view = curator.new_page()
    try:
        log_in(view, live_server, ministry_curator("culture"), "/final/")
        assert view.get_by_role("heading", name="Финал: что сделали команды").is_visible()
        title = "Охват проекта «Музеи рядом» по контрольным точкам"
        assert view.get_by_role("img", name=title).is_visible()
        assert view.locator("caption", has_text=title).count() == 1
        assert serious_violations(axe.run(view)) == []

        link = view.get_by_role("link", name="Открыть презентацию")
        href = link.get_attribute("href")
        opened = view.request.get(live_server.url + href)
        assert opened.status == 200
        assert opened.headers["content-type"] == "application/pdf"
        assert opened.headers["content-disposition"].startswith("inline")
        assert opened.body().startswith(b"%PDF-")

        switch_to_english(view)
        assert view.get_by_role("heading", name="The final: what the teams made").is_visible()
        assert serious_violations(axe.run(view)) == []
    finally:
        curator.close()
