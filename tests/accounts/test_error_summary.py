"""Registration and login show their errors as the application form does: a summary on
top that takes the focus, each error a link to its field, and every error above its input."""

import re

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, applicant

pytestmark = pytest.mark.django_db


def summary_of(html: str) -> str:
    found = re.search(r'<div class="error-summary"[^>]*>.*?</div>', html, re.S)
    assert found, "no error summary on the page"
    return found.group(0)


def test_registration_errors_are_summed_up_on_top_with_links_to_their_fields(client):
    data = {"email": "anna@example.ru", "password1": "Zvezda-42-x", "password2": "x"}
    html = client.post(reverse("accounts:register"), data).content.decode()
    summary = summary_of(html)
    assert "autofocus" in summary and 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert '<a href="#id_password2">Подтверждение пароля: Введенные пароли не совпадают.</a>' in summary
    assert '<a href="#id_consent">Без согласия на обработку персональных данных' in summary
    assert html.index('id="error-summary"') < html.index('name="email"')


def test_the_consent_error_stands_above_its_checkbox(client):
    html = client.post(reverse("accounts:register"), {"email": "anna@example.ru"}).content.decode()
    form = html[html.index('name="email"'):]
    error = form.index('id="id_consent_error"')
    assert error < form.index('id="id_consent"'), "the error must be read before the checkbox"
    assert 'aria-describedby="id_consent_helptext id_consent_error"' in form or (
        "id_consent_error" in re.search(r'<input[^>]*id="id_consent"[^>]*>', form).group(0)
    )


def test_a_failed_login_is_summed_up_and_takes_the_focus(client):
    applicant(email="anna@example.ru")
    html = client.post(
        reverse("accounts:login"), {"username": "anna@example.ru", "password": PASSWORD + "x"}
    ).content.decode()
    summary = summary_of(html)
    assert 'autofocus' in summary
    assert '<a href="#id_username">Неверная электронная почта или пароль.' in summary
    # One element takes the focus: the summary, not the email field as on a fresh page.
    assert html.count("autofocus") == 1


def test_a_page_without_errors_has_no_summary_and_focuses_the_first_field(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "error-summary" not in html
    assert "autofocus" in re.search(r'<input[^>]*id="id_username"[^>]*>', html).group(0)
