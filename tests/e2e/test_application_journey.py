"""A blogger's journey in Chromium: register, confirm the email from the letter, fill
the application, submit it and find it «Подана» in the personal cabinet."""

from urllib.parse import urlparse

import pytest
from django.core import mail
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from tests.accounts.conftest import link_in_mail
from tests.e2e.conftest import serious_violations
from tests.factories import PASSWORD as FACTORY_PASSWORD
from tests.factories import ApplicationFactory, SeasonFactory, StatusChangeFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "blogger@example.ru"
PASSWORD = "Zvezda-na-Volge-42"


def register_and_confirm(live_server, page) -> None:
    page.goto(live_server.url + "/accounts/register/")
    page.fill("#id_email", EMAIL)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_consent")
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.wait_for_load_state()
    # The letter goes after the response: the server may still be sending it.
    for _wait in range(50):
        if [EMAIL] in [message.to for message in mail.outbox]:
            break
        page.wait_for_timeout(100)
    assert [EMAIL] in [message.to for message in mail.outbox]
    # The letter links to the public site address; the same path on the test server.
    link = urlparse(link_in_mail("/accounts/confirm/"))
    page.goto(live_server.url + link.path)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Подтвердить адрес и войти").click()
    page.wait_for_load_state()


def fill_the_application(page) -> None:
    page.check("#id_role_0")  # Блогер
    # The sections are folded; a person opens each by its header.
    for section in ("person", "blogger", "directions", "ideas", "consent"):
        page.locator(f"#details-{section} > summary").click()
    page.fill("#id_last_name", "Иванова")
    page.fill("#id_first_name", "Мария")
    page.fill("#id_birth_date", "1998-04-12")
    page.select_option("#id_region", "52")
    page.fill("#id_city", "Нижний Новгород")
    page.fill("#id_phone", "+7 912 345-67-89")
    page.select_option("#id_social-0-platform", "telegram")
    page.fill("#id_social-0-url", "https://t.me/maria_nn")
    page.fill("#id_social-0-followers", "15400")
    page.fill("#id_links-0-url", "https://t.me/maria_nn/120")
    page.select_option("#id_direction_1", "culture")
    page.select_option("#id_direction_2", "tourism")
    page.fill("#id_ideas-0-title", "Живые музеи Поволжья")
    page.fill("#id_ideas-0-description", "Серия коротких видео о малых музеях и их хранителях.")
    page.fill("#id_motivation", "Хочу, чтобы о культуре моего региона узнала вся страна.")
    page.check("#id_processing_consent")


def test_a_blogger_registers_applies_and_sees_the_status_in_the_cabinet(live_server, page, axe):
    SeasonFactory()

    register_and_confirm(live_server, page)
    page.goto(live_server.url + "/cabinet/")
    assert page.get_by_role("link", name="Заполнить заявку").is_visible()
    assert serious_violations(axe.run(page)) == []
    page.get_by_role("link", name="Заполнить заявку").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Заявка на участие"
    assert serious_violations(axe.run(page)) == []

    fill_the_application(page)
    page.get_by_role("button", name="Подать заявку").click()
    page.wait_for_load_state()

    assert urlparse(page.url).path == "/cabinet/", page.locator("main").inner_text()
    assert page.locator("#application-status").inner_text() == "Подана"
    main = page.locator("main").inner_text()
    assert "Экспертиза портфолио — с" in main
    assert "Живые музеи Поволжья" in main and "https://t.me/maria_nn" in main
    assert page.locator('[aria-current="step"]').inner_text().startswith("Приём заявок")
    assert serious_violations(axe.run(page)) == []

    application = Application.objects.get(applicant__email=EMAIL)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.status_changes.get().to_status == ApplicationStatus.SUBMITTED


def test_the_cabinet_fits_a_phone_screen_and_is_accessible(live_server, browser, axe):
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now())
    StatusChangeFactory(application=application, changed_by=application.applicant)
    context = browser.new_context(locale="ru-RU", viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/?next=/cabinet/")
    page.fill("#id_username", application.applicant.email)
    page.fill("#id_password", FACTORY_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/cabinet/"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_violations(axe.run(page)) == []
    context.close()
