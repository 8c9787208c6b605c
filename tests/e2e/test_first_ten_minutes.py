"""A newcomer's first ten minutes, in Chromium on a phone, with the keyboard only: register,
confirm the email from the letter, land in the form, save a draft with a bad and a good
file, submit, and find the application in the cabinet; axe on every page. Then an
organizer finds it in the admin's list at 1,366 × 768, again with the keyboard and axe."""

import io
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from PIL import Image

from applications.models import Application, ApplicationStatus
from tests.accounts.conftest import link_in_mail
from tests.e2e.conftest import serious_violations
from tests.factories import PASSWORD, ApplicationFactory, SeasonFactory, applicant, organizer
from topblog.tracks.models import Region

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "ru-RU"}
LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "ru-RU"}
EMAIL = "olga@example.ru"
SECRET = "Oblaka-nad-Kamoj-77"


# Pages axe is checking: axe-core itself sets inline styles as it measures some pages
# (the admin's change forms), which the Content-Security-Policy rightly refuses.
_AXE_AT_WORK: set[int] = set()


@pytest.fixture
def open_page(browser):
    """Pages in contexts of their own (a phone, a laptop, no JavaScript); whatever the
    Content-Security-Policy refused on any of them fails the test, as on conftest's page."""
    contexts, refused = [], []

    def opened(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()

        def heard(message) -> None:
            if "Content Security Policy" in message.text and id(page) not in _AXE_AT_WORK:
                refused.append(f"{page.url}: {message.text}")

        page.on("console", heard)
        return page

    yield opened
    for context in contexts:
        context.close()
    assert refused == [], refused


def tab_to(page, selector: str, *, limit: int = 150) -> None:
    """Press Tab until ``selector`` has the focus: what a keyboard user can reach."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} cannot be reached with the Tab key")


def submit(page, key: str = "Enter") -> None:
    """Press ``key`` on what has the focus and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def choose_option(page, selector: str, label: str, *, limit: int = 100) -> None:
    """Reach a select with Tab and move down its options with the arrow key."""
    tab_to(page, selector)
    for _ in range(limit):
        if page.evaluate("(s) => document.querySelector(s).selectedOptions[0].text", selector) == label:
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"{label!r} is not among the options of {selector}")


def focused_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def accessible(page, axe) -> None:
    _AXE_AT_WORK.add(id(page))
    try:
        results = axe.run(page)
    finally:
        _AXE_AT_WORK.discard(id(page))
    assert serious_violations(results) == [], page.url


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (31, 79, 184)).save(buffer, format="PNG")
    return buffer.getvalue()


def choose_file(page, selector: str, name: str, content: bytes, mime: str) -> None:
    """Reach a file input with Tab; the file itself is picked in the system's dialog,
    outside the page, which Playwright stands in for."""
    tab_to(page, selector)
    page.locator(selector).set_input_files({"name": name, "mimeType": mime, "buffer": content})


def open_section(page, key: str) -> None:
    tab_to(page, f"#details-{key} > summary")
    if page.get_attribute(f"#details-{key}", "open") is None:
        page.keyboard.press("Enter")


def sign_in(live_server, page, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    type_into(page, "#id_username", email)
    type_into(page, "#id_password", PASSWORD)
    submit(page)


def register_and_confirm(live_server, page, axe) -> None:
    page.goto(live_server.url + "/")
    tab_to(page, 'a[href="/accounts/register/"].button')
    submit(page)
    page.wait_for_url("**/accounts/register/")
    accessible(page, axe)
    # A first try with mismatched passwords and no consent: the summary takes the focus.
    type_into(page, "#id_email", EMAIL)
    type_into(page, "#id_password1", SECRET)
    type_into(page, "#id_password2", SECRET + "x")
    tab_to(page, "main form button[type=submit]")
    submit(page)
    assert focused_id(page) == "error-summary"
    assert "Без согласия на обработку" in page.locator("#error-summary").inner_text()
    accessible(page, axe)
    type_into(page, "#id_password1", SECRET)
    type_into(page, "#id_password2", SECRET)
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]")
    submit(page)
    page.wait_for_url("**/accounts/register/done/")
    accessible(page, axe)
    # The letter goes after the response, to the configured site address: the same path
    # on the test server.
    for _wait in range(50):
        if [EMAIL] in [message.to for message in mail.outbox]:
            break
        page.wait_for_timeout(100)
    page.goto(live_server.url + urlparse(link_in_mail("/accounts/confirm/")).path)
    accessible(page, axe)
    type_into(page, "#id_password", SECRET)
    tab_to(page, "main form button[type=submit]")
    submit(page)


def fill_the_form(page) -> None:
    tab_to(page, "#id_role_0")  # Блогер
    page.keyboard.press("Space")
    open_section(page, "person")
    type_into(page, "#id_last_name", "Смирнова")
    type_into(page, "#id_first_name", "Ольга")
    type_into(page, "#id_birth_date", "12041998")
    choose_option(page, "#id_region", "Пермский край")
    type_into(page, "#id_city", "Пермь")
    type_into(page, "#id_phone", "+7 912 345-67-89")
    open_section(page, "blogger")
    choose_option(page, "#id_social-0-platform", "Telegram")
    type_into(page, "#id_social-0-url", "https://t.me/olga_perm")
    type_into(page, "#id_social-0-followers", "15400")
    choose_file(page, "#id_files-work_file_1", "программа.png", b"MZ\x90\x00 not a picture", "image/png")
    choose_file(page, "#id_files-work_file_2", "обложка.png", png(), "image/png")
    open_section(page, "directions")
    choose_option(page, "#id_direction_1", "Туризм (Минэкономразвития России)")
    open_section(page, "ideas")
    type_into(page, "#id_ideas-0-title", "Пермский период")
    type_into(page, "#id_ideas-0-description", "Короткие ролики о геологии Прикамья.")
    type_into(page, "#id_motivation", "Хочу, чтобы о Перми узнала вся страна.")
    open_section(page, "consent")
    tab_to(page, "#id_processing_consent")
    page.keyboard.press("Space")


def test_a_newcomer_applies_from_a_phone_with_the_keyboard_only(live_server, open_page, axe):
    SeasonFactory()
    page = open_page(**PHONE)

    register_and_confirm(live_server, page, axe)

    # Confirming leads straight into the application, which fits a phone folded.
    assert urlparse(page.url).path == "/application/"
    assert "Адрес электронной почты подтверждён" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollHeight") < 2200
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    accessible(page, axe)

    fill_the_form(page)
    tab_to(page, 'button[value="save"]')
    submit(page)

    # The draft is saved with the good file; the bad one is refused by name; the ticks stay.
    summary = page.locator("#error-summary")
    assert focused_id(page) == "error-summary"
    assert "Черновик сохранён, но не все файлы приняты" in summary.inner_text()
    assert "программа.png" in summary.inner_text()
    application = Application.objects.get(applicant__email=EMAIL)
    assert [f.original_name for f in application.files.all()] == ["обложка.png"]
    assert application.processing_consent_ticked
    accessible(page, axe)

    tab_to(page, 'button[value="submit"]')
    submit(page)
    assert urlparse(page.url).path == "/cabinet/", page.locator("#error-summary").inner_text()
    assert page.locator("#application-status").inner_text() == "Подана"
    assert "+7 912 345-67-89" in page.locator("main").inner_text()
    assert "15\u00a0400" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    accessible(page, axe)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert [message.to for message in mail.outbox][-1] == [EMAIL]


def test_the_form_works_without_javascript_and_stays_short(live_server, open_page):
    # axe runs in the page as a script, so it checks this page where scripts run (above).
    SeasonFactory()
    applicant(email=EMAIL)
    page = open_page(**PHONE, java_script_enabled=False)
    sign_in(live_server, page, EMAIL)
    page.wait_for_url("**/application/")
    assert page.evaluate("document.documentElement.scrollHeight") < 2200
    open_section(page, "person")
    assert page.get_attribute("#details-person", "open") is not None
    type_into(page, "#id_last_name", "Смирнова")
    tab_to(page, 'button[value="save"]')
    submit(page)
    assert Application.objects.get(applicant__email=EMAIL).last_name == "Смирнова"
    assert "Черновик сохранён" in page.locator("main").inner_text()


def test_the_date_fields_calendar_button_shows_the_focus_ring(live_server, open_page):
    SeasonFactory()
    applicant(email=EMAIL)
    page = open_page(**LAPTOP)
    sign_in(live_server, page, EMAIL)
    page.wait_for_url("**/application/")
    open_section(page, "person")
    tab_to(page, "#id_birth_date")
    for _ in range(3):  # day, month, year, then the calendar button
        page.keyboard.press("Tab")
    assert focused_id(page) == "id_birth_date"
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
    )
    assert ring == ["solid", "3px", "rgb(26, 26, 46)"]


def test_an_organizer_finds_the_applicant_in_the_list_with_the_keyboard(live_server, open_page, axe):
    season = SeasonFactory()
    perm = Region.objects.get(code="59")
    ApplicationFactory.create_batch(3, season=season)
    mine = ApplicationFactory(season=season, region=perm, last_name="Смирнова")
    organizer(email="anna@example.ru")
    page = open_page(**LAPTOP)
    sign_in(live_server, page, "anna@example.ru")
    page.wait_for_url("**/admin/")
    accessible(page, axe)

    page.goto(live_server.url + "/admin/applications/application/")
    accessible(page, axe)
    # Every column fits the screen beside the folded filters.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    last = page.locator("#result_list thead th").last.bounding_box()
    assert last["x"] + last["width"] <= page.locator(".filter-panel").bounding_box()["x"]
    assert "Черновик 4" in page.locator(".status-counts").inner_text()

    # The region filter: unfold the filters, type to search, Enter to choose, then the button.
    tab_to(page, ".filter-panel > summary")
    page.keyboard.press("Enter")
    tab_to(page, "#changelist-filter .select2-selection")
    page.keyboard.press("Enter")
    page.keyboard.type("Пермс")
    page.wait_for_selector(".select2-results__option--highlighted:has-text('Пермский край')")
    page.keyboard.press("Enter")
    tab_to(page, ".autocomplete-filter button")
    submit(page)
    assert parse_qs(urlparse(page.url).query)["region__id__exact"] == [str(perm.pk)]
    assert page.locator("#result_list tbody tr").count() == 1
    accessible(page, axe)

    tab_to(page, f'#result_list a[href*="/{mine.pk}/change/"]')
    submit(page)
    assert "Смирнова" in page.locator("#content").inner_text()
    accessible(page, axe)

    page.goto(live_server.url + f"/admin/tracks/season/{season.pk}/change/")
    accessible(page, axe)
