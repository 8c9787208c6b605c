import pytest

from tests.e2e.conftest import serious_violations
from tests.factories import SeasonFactory
from topblog.tracks.models import Direction

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_visitor_sees_the_five_directions_and_the_page_is_accessible(live_server, page, axe):
    SeasonFactory()
    page.goto(live_server.url + "/")
    cards = page.locator("#directions-title + ul li h3")
    assert cards.count() == 5
    text = page.locator("main").inner_text()
    for ministry in Direction.objects.values_list("ministry", flat=True):
        assert ministry in text
    assert page.get_by_role("link", name="Подать заявку").is_visible()
    assert serious_violations(axe.run(page)) == []


def test_landing_fits_a_phone_screen(live_server, browser, axe):
    SeasonFactory()
    context = browser.new_context(locale="ru-RU", viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 375
    assert serious_violations(axe.run(page)) == []
    context.close()


def test_keyboard_user_reaches_the_apply_button(live_server, page):
    SeasonFactory()
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Перейти к содержанию"
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").strip() == "Подать заявку":
            break
    else:
        pytest.fail("The apply button cannot be reached with the keyboard")
