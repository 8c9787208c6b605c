"""The error pages are the portal's own, Russian first, with a way back."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import applicant

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.error_urls")]


@pytest.fixture
def client_seeing_errors(settings):
    settings.DEBUG = False
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("url", "status", "title"),
    [
        ("/no-such-page/", 404, "Страница не найдена"),
        ("/forbidden/", 403, "Доступ закрыт"),
        ("/suspicious/", 400, "Неверный запрос"),
        ("/broken/", 500, "Ошибка на портале"),
    ],
)
def test_error_pages_are_the_portals_own_in_russian(client_seeing_errors, url, status, title):
    response = client_seeing_errors.get(url)

    html = response.content.decode()
    assert response.status_code == status
    assert title in html and 'lang="ru"' in html
    assert "На главную" in html
    assert "Not Found" not in html and "Server Error" not in html


def test_a_signed_in_person_is_offered_the_way_back_to_the_cabinet(client_seeing_errors):
    client_seeing_errors.force_login(applicant())

    html = client_seeing_errors.get("/no-such-page/").content.decode()

    assert reverse("cabinet:home") in html


def test_a_stale_form_says_so_in_russian(settings):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("accounts:login"), {"username": "a@example.ru", "password": "x"})

    assert response.status_code == 403
    assert "Форма устарела" in response.content.decode()


def test_error_pages_come_in_english_on_request(client_seeing_errors):
    client_seeing_errors.cookies["django_language"] = "en"

    html = client_seeing_errors.get("/no-such-page/").content.decode()

    assert 'lang="en"' in html
