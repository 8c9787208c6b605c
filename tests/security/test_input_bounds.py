"""Input the audit sent that gave a 500: every number has a bound and a Russian message,
half-filled rows and deep JSON are a 400, names need a letter."""

import json

import pytest
from django.urls import reverse

from applications import rules
from applications.models import Application
from tests.applications.test_views_form import form_data
from tests.factories import ApplicationFactory, SeasonFactory, applicant

pytestmark = pytest.mark.django_db

HUGE = 2**63  # one past PostgreSQL's bigint
API = reverse("api:my-application")


@pytest.fixture
def draft():
    SeasonFactory()
    return ApplicationFactory()


def patch(client, application, body):
    client.force_login(application.applicant)
    return client.patch(API, {"version": application.version, **body}, content_type="application/json")


@pytest.mark.parametrize("followers", [HUGE, 2**62, 10**30])
def test_a_huge_follower_count_is_a_russian_message_in_the_api(client, draft, followers):
    accounts = [{"platform": "vk", "url": "https://vk.com/a", "followers": followers}] * 2

    response = patch(client, draft, {"social_accounts": accounts})

    assert response.status_code == 400
    assert "Проверьте число подписчиков" in json.dumps(response.json(), ensure_ascii=False)


def test_a_huge_follower_count_keeps_what_was_typed_on_the_form(client, draft):
    client.force_login(draft.applicant)
    data = form_data(**{"social-0-followers": str(HUGE), "first_name": "Мария-Луиза"})
    data["version"] = str(draft.version)

    response = client.post(reverse("applications:form"), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Проверьте число подписчиков" in html
    assert "Мария-Луиза" in html


@pytest.mark.parametrize(
    "body",
    [
        {"ideas": [{"description": "x"}]},
        {"ideas": [{}]},
        {"social_accounts": [{"url": "https://vk.com/x"}]},
        {"social_accounts": [{"followers": 5}]},
    ],
)
def test_half_filled_rows_are_kept_or_refused_never_a_500(client, draft, body):
    response = patch(client, draft, body)

    assert response.status_code in (200, 400)
    if body == {"social_accounts": [{"url": "https://vk.com/x"}]}:
        assert response.status_code == 200
        assert response.json()["social_accounts"][0]["platform"] == "vk"
    if body == {"social_accounts": [{"followers": 5}]}:
        assert response.status_code == 400


def test_deeply_nested_json_is_a_400(client, draft):
    client.force_login(draft.applicant)
    body = '{"ideas": ' + "[" * 100_000 + "]" * 100_000 + "}"

    response = client.patch(API, body, content_type="application/json")

    assert response.status_code == 400
    assert "вложенность" in response.json()["detail"]


@pytest.mark.parametrize("name", ["\u200b", " \u200b\u200d ", "123", "—"])
def test_a_name_needs_a_letter(client, draft, name):
    response = patch(client, draft, {"first_name": name})

    assert response.status_code == 400
    assert "хотя бы одну букву" in json.dumps(response.json(), ensure_ascii=False)
    assert Application.objects.get(pk=draft.pk).first_name == "Мария"


def test_an_invisible_name_does_not_count_as_given_at_submission():
    assert rules.is_blank("\u200b \u2060") and not rules.is_blank("Я")
    assert not rules.has_letter("\u200b") and rules.has_letter("Ё")


@pytest.mark.parametrize(
    ("method", "url_name", "args"),
    [
        ("get", "applications:file", [HUGE]),
        ("delete", "api:my-application-file", [HUGE]),
        ("post", "notifications:read", [HUGE]),
    ],
)
def test_an_id_beyond_any_integer_is_not_found(client, draft, method, url_name, args):
    client.force_login(draft.applicant)

    response = getattr(client, method)(reverse(url_name, args=args))

    assert response.status_code == 404


def test_schema_says_region_and_ministry_may_be_null(client):
    client.force_login(applicant())
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()

    fields = schema["components"]["schemas"]["Application"]["properties"]
    assert fields["region"]["nullable"] is True
    assert fields["ministry_direction"]["nullable"] is True
