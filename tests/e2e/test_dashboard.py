"""The season dashboard in Chromium: an organizer opens it from the admin, switches the
map, follows a region's tile to the filtered list; the ministries' page on a phone."""

import pytest

from applications.models import ApplicationStatus
from tests.dashboard.seasons import application
from tests.e2e.conftest import serious_violations
from tests.factories import PASSWORD, SeasonFactory, ministry_leadership, organizer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def season_with_applications():
    season = SeasonFactory()
    for _ in range(2):
        application(season, region="16", status=ApplicationStatus.SELECTED)
    application(season, region="77", direction="health")
    application(season, region="25", status=ApplicationStatus.DRAFT)
    return season


def log_in(page, live_server, user, path: str) -> None:
    page.goto(live_server.url + path)
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("input[type=submit], main form [type=submit]").last.click()
    page.wait_for_load_state()


def test_an_organizer_opens_the_dashboard_switches_the_map_and_follows_a_tile(live_server, page, axe):
    season_with_applications()
    log_in(page, live_server, organizer(), "/admin/login/?next=/admin/")
    page.get_by_role("link", name="Воронка, карта регионов, заявки по дням и уведомления").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Сезон в цифрах").is_visible()
    assert serious_violations(axe.run(page)) == []

    switch = page.get_by_role("link", name="Отобранные участники", exact=True)
    switch.click()
    page.wait_for_load_state()
    assert "map=selected" in page.url
    assert switch.get_attribute("aria-current") == "true"
    tatarstan = page.get_by_role("link", name="Республика Татарстан: Отобранные участники — 2")
    # Named under the map on hover, and on focus from the keyboard.
    tatarstan.locator("rect").hover()
    assert tatarstan.locator(".sd-tip").first.is_visible()
    page.mouse.move(0, 0)
    tatarstan.focus()
    assert tatarstan.locator(".sd-tip").first.is_visible()
    moscow = page.get_by_role("link", name="г. Москва: Отобранные участники — 0")
    assert not moscow.locator(".sd-tip").first.is_visible()
    assert serious_violations(axe.run(page)) == []

    tatarstan.locator("rect").click()
    page.wait_for_load_state()
    assert "/admin/applications/application/" in page.url and "region__id__exact=" in page.url
    assert page.locator("#result_list tbody tr").count() == 2


def test_the_ministries_page_fits_a_phone_and_is_accessible(live_server, page, axe):
    season_with_applications()
    # The page fixture's, so what the Content-Security-Policy refuses fails this test too.
    page.set_viewport_size({"width": 320, "height": 740})
    log_in(page, live_server, ministry_leadership(), "/accounts/login/?next=/dashboard/")
    assert page.url.endswith("/dashboard/")
    assert page.get_by_role("heading", name="Воронка сезона").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert serious_violations(axe.run(page)) == []
