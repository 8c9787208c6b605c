"""A Content-Security-Policy on every page, and pages with personal data are neither
cached nor stored."""

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory, SeasonFactory, organizer
from topblog.notifications.models import MessageTemplate

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.parametrize(
    "url",
    ["/", "/accounts/login/", "/accounts/register/", "/api/docs/", "/no-such-page/", "/admin/login/"],
)
def test_every_page_has_a_policy_without_inline_script(client, url):
    response = client.get(url)

    directives = policy(response)
    assert directives["default-src"] == "default-src 'self'"
    assert directives["script-src"] == "script-src 'self'"
    assert "unsafe-inline" not in directives["style-src"]
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"


def test_api_docs_load_their_script_as_a_file(client):
    page = client.get("/api/docs/").content.decode()

    assert "<script>" not in page
    assert client.get("/api/docs/?script=").status_code == 200


@pytest.mark.parametrize(
    "url_name",
    [
        "applications:form",
        "notifications:inbox",
        "accounts:password_change",
        "cabinet:home",
        "api:my-application",
    ],
)
def test_pages_with_personal_data_are_private_and_not_stored(client, url_name):
    SeasonFactory()
    application = ApplicationFactory()
    client.force_login(application.applicant)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_api_answers_are_private_and_not_stored_even_when_public(client):
    response = client.get(reverse("api:region-list"))

    assert "no-store" in response["Cache-Control"]


def test_the_admin_preview_alone_allows_the_mails_own_style(client):
    client.force_login(organizer())
    template = MessageTemplate.objects.get(event="results_published", language="ru")

    page = client.get(reverse("admin:notifications_messagetemplate_change", args=[template.pk]))
    listing = client.get(reverse("admin:notifications_messagetemplate_changelist"))

    assert "'unsafe-inline'" in policy(page)["style-src"]
    assert "unsafe-inline" not in policy(page)["script-src"]
    assert "unsafe-inline" not in policy(listing)["style-src"]
