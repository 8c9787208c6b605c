"""People make and revoke a token for their own scripts on a page of their own; no one
else ever sees a key; a password reset revokes it."""

from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.accounts.conftest import link_in_mail
from tests.factories import PASSWORD, applicant, organizer

pytestmark = pytest.mark.django_db

PAGE = reverse("accounts:api_token")


def api_status(client, key: str) -> int:
    return client.get(reverse("api:my-consents"), HTTP_AUTHORIZATION=f"Token {key}").status_code


def test_a_person_makes_a_token_with_their_password_sees_it_once_and_revokes_it(client):
    person = applicant()
    client.force_login(person)

    refused = client.post(PAGE, {"action": "create", "password": "wrong"})
    made = client.post(PAGE, {"action": "create", "password": PASSWORD})
    key = made.context["key"]
    later = client.get(PAGE).content.decode()

    assert "Пароль не подходит" in refused.content.decode()
    assert key and key in made.content.decode()
    assert "no-store" in made["Cache-Control"]
    assert key not in later and "Токен создан" in later
    client.logout()
    assert api_status(client, key) == 200

    client.force_login(person)
    client.post(PAGE, {"action": "revoke"})
    client.logout()
    assert api_status(client, key) in (401, 403)


def test_a_new_token_replaces_the_old_one(client):
    client.force_login(applicant())
    first = client.post(PAGE, {"action": "create", "password": PASSWORD}).context["key"]
    second = client.post(PAGE, {"action": "create", "password": PASSWORD}).context["key"]
    client.logout()

    assert api_status(client, first) in (401, 403)
    assert api_status(client, second) == 200


def test_the_page_needs_a_login(client):
    assert client.get(PAGE).status_code == 302


def test_organizers_never_see_anyones_key(client):
    key = Token.objects.create(user=applicant()).key
    client.force_login(organizer())

    index = client.get(reverse("admin:index")).content.decode()

    assert "authtoken" not in index
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 404
    assert key not in index


def test_a_password_reset_revokes_the_token(client, django_capture_on_commit_callbacks):
    person = applicant(email="anna@example.ru")
    key = Token.objects.create(user=person).key
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": person.email})
    page = client.get(urlparse(link_in_mail("/accounts/password/reset/")).path, follow=True)
    new = "Novyi-parol-Sochi-2025"

    client.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})

    assert api_status(client, key) in (401, 403)
    assert len(mail.outbox) == 1
