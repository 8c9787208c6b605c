"""Behind the reverse proxy the README prescribes, the client's address comes from the
trusted proxies' X-Forwarded-For entries, for throttling and consent records alike."""

import pytest
from axes.utils import reset as axes_reset
from django.contrib.auth import SESSION_KEY
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import PASSWORD, applicant
from topblog.accounts.models import Consent
from topblog.client_address import client_ip

PROXY = "10.0.0.5"


def request_from(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_the_connection_address_is_the_clients(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "198.51.100.23", "198.51.100.23"),
        # What the client sent itself (left of the proxies' entries) is never believed.
        (1, "6.6.6.6, 198.51.100.23", "198.51.100.23"),
        (2, "6.6.6.6, 198.51.100.23, 10.0.0.4", "198.51.100.23"),
        (1, " 2001:db8::7 ", "2001:db8::7"),
        # Too few entries or a non-address: the header is not trusted at all.
        (2, "198.51.100.23", PROXY),
        (1, "", PROXY),
        (1, "not-an-address", PROXY),
    ],
)
def test_behind_trusted_proxies_the_address_is_read_from_the_right(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count

    assert client_ip(request_from(PROXY, forwarded)) == expected


@pytest.mark.django_db
def test_registration_behind_the_proxy_records_the_persons_address(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    strong = "Zvezda-na-Volge-42"

    client.post(
        reverse("accounts:register"),
        {"email": "anna@example.ru", "password1": strong, "password2": strong, "consent": "on"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.23",
    )

    assert Consent.objects.get(user__email="anna@example.ru").ip_address == "198.51.100.23"


@pytest.mark.django_db
def test_behind_the_proxy_one_clients_failures_do_not_lock_out_another(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    axes_reset()
    user = applicant(email="anna@example.ru")
    login = reverse("accounts:login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            login, {"username": user.email, "password": "wrong"},
            REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6",
        )

    response = client.post(
        login, {"username": user.email, "password": PASSWORD},
        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.23",
    )

    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == user.pk
    axes_reset()
