"""The mail forms and logins are throttled by address and by target, with a Russian 429."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory, applicant
from tests.security.conftest import MAIL_FORMS

pytestmark = pytest.mark.django_db

SPRAYER = "6.6.6.6"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.THROTTLE_MAIL_PER_ADDRESS = 4
    settings.THROTTLE_MAIL_PER_EMAIL = 2
    settings.THROTTLE_LOGIN_FAILURES_PER_ADDRESS = 6


def post(client, form, email, address="198.51.100.1"):
    url, data = MAIL_FORMS[form](email)
    return client.post(url, data, REMOTE_ADDR=address)


@pytest.mark.parametrize("form", MAIL_FORMS)
def test_one_inbox_gets_only_so_many_mails_whoever_asks(client, form, django_capture_on_commit_callbacks):
    applicant(email="anna@example.ru")
    with django_capture_on_commit_callbacks(execute=True):
        answers = [post(client, form, "Anna@example.ru", f"198.51.100.{n}").status_code for n in range(3)]

    assert answers == [302, 302, 429]
    assert len(mail.outbox) <= 2


@pytest.mark.parametrize("form", MAIL_FORMS)
def test_one_address_sends_only_so_many_requests(client, form):
    answers = [post(client, form, f"person{n}@example.ru").status_code for n in range(5)]

    assert answers == [302, 302, 302, 302, 429]
    page = post(client, form, "someone@example.ru")
    assert "Слишком много попыток" in page.content.decode()
    assert "Попробуйте снова через" in page.content.decode()
    assert int(page["Retry-After"]) > 0
    # Another address is not held up.
    assert post(client, form, "someone@example.ru", "203.0.113.7").status_code == 302


@pytest.mark.parametrize("login_url", [reverse("accounts:login"), reverse("admin:login")])
def test_a_password_spray_from_one_address_is_stopped(client, login_url):
    victim = UserFactory(email="victim@example.ru", is_staff=True)
    for n in range(6):
        guess = {"username": f"user{n}@example.ru", "password": "Summer2025"}
        client.post(login_url, guess, REMOTE_ADDR=SPRAYER)
    right = {"username": victim.email, "password": PASSWORD}

    sprayed = client.post(login_url, right, REMOTE_ADDR=SPRAYER)
    elsewhere = client.post(login_url, right, REMOTE_ADDR="198.51.100.9")

    assert sprayed.status_code == 429
    assert "Слишком много попыток" in sprayed.content.decode()
    assert elsewhere.status_code == 302
    assert int(client.session[SESSION_KEY]) == victim.pk
