"""A finalist ranks the directions in Chromium, by keyboard, an error and its fix
included; then the ministries' leadership reads the teams side by side on a phone's
screen. Every page free of serious and critical accessibility violations."""

from urllib.parse import urlparse

import pytest

from teams.models import TeamPreference
from tests.e2e.conftest import serious_violations
from tests.factories import PASSWORD, SocialAccountFactory, ministry_curator, ministry_leadership
from tests.modules.factories import season_at
from tests.teams.factories import confirmed_finalist, member, team
from tests.teams.people import publication_consent
from topblog.tracks.models import StageKind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _sign_in(page, live_server, email: str, next_path: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_a_finalist_ranks_the_directions_with_the_keyboard(live_server, page, axe):
    season = season_at(StageKind.EDUCATION, days_in=30)
    finalist = confirmed_finalist(season)
    _sign_in(page, live_server, finalist.application.applicant.email, "/cabinet/")
    page.get_by_role("link", name="Указать пожелания по команде").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/teams/preferences/"
    assert serious_violations(axe.run(page)) == []

    first = page.get_by_label("Первое по желанию направление")
    first.focus()
    first.select_option("health")
    page.keyboard.press("Tab")
    page.get_by_label("2-е по желанию направление").select_option("health")
    page.get_by_role("button", name="Сохранить пожелания").press("Enter")
    page.wait_for_load_state()
    assert "Каждое направление можно указать только один раз." in page.locator("main").inner_text()
    assert page.get_by_label("Первое по желанию направление").input_value() == "health"
    assert serious_violations(axe.run(page)) == []

    page.get_by_label("2-е по желанию направление").select_option("culture")
    page.get_by_role("button", name="Сохранить пожелания").click()
    page.wait_for_load_state()
    assert "Пожелания по команде сохранены." in page.locator("main").inner_text()
    assert TeamPreference.objects.get().directions == ["health", "culture"]


def test_leadership_reads_every_team_on_a_phone(live_server, browser, axe):
    season = season_at(StageKind.TEAM_MODULE, days_in=1)
    culture, health = team(season, "culture"), team(season, "health")
    ministry_curator("culture", first_name="Ольга", last_name="Кураторова")
    shown = member(culture, first_name="Анна", last_name="Видимова")
    SocialAccountFactory(application=shown.finalist.application, url="https://t.me/anna")
    publication_consent(shown.finalist.application.applicant)
    member(health, first_name="Борис", last_name="Скромный")
    context = browser.new_context(locale="ru-RU", viewport={"width": 375, "height": 740})
    page = context.new_page()
    _sign_in(page, live_server, ministry_leadership().email, "/teams/")
    main = page.locator("main").inner_text()
    assert "Анна Видимова" in main and "Борис Скромный" in main and "Ольга Кураторова" in main
    assert page.get_by_role("link", name="Telegram").count() == 1
    assert serious_violations(axe.run(page)) == []
    page.get_by_role("link", name="Страница команды «Здравоохранение»").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Команда")
    assert serious_violations(axe.run(page)) == []
    # Nothing wider than the screen: the page reads without scrolling sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
