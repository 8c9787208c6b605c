import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_russian_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "ru"
    assert "Пять направлений" in response.content.decode()


def test_the_language_switch_turns_english_on_and_off(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Ministry of Health of the Russian Federation" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    assert "Пять направлений" in client.get(reverse("home")).content.decode()


def test_an_unknown_language_cookie_falls_back_to_russian(client):
    client.cookies["django_language"] = "de"
    assert client.get(reverse("home")).headers["Content-Language"] == "ru"
