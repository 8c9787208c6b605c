"""The private file view: who gets an application's file, and how it is sent."""

from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from applications import selectors
from applications.models import PortfolioFile
from tests.factories import (
    SMALL_PDF,
    ApplicationFactory,
    PortfolioFileFactory,
    ReviewAssignmentFactory,
    applicant,
    expert,
    organizer,
    superuser,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio() -> PortfolioFile:
    return PortfolioFileFactory(
        application=ApplicationFactory(),
        original_name="Портфолио Ивановой.pdf",
        file=ContentFile(SMALL_PDF, name="whatever.pdf"),
    )


def url(portfolio_file: PortfolioFile) -> str:
    return reverse("applications:file", args=[portfolio_file.pk])


def download(client, user, portfolio_file):
    if user is not None:
        client.force_login(user)
    return client.get(url(portfolio_file))


def test_the_url():
    assert reverse("applications:file", args=[7]) == "/application/files/7/"


def test_the_owner_gets_the_file_as_an_attachment_under_its_original_name(client, portfolio):
    response = download(client, portfolio.application.applicant, portfolio)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SMALL_PDF
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('Портфолио Ивановой.pdf')}" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_the_stored_name_is_random_with_the_extension_of_the_type_found(portfolio):
    assert portfolio.file.name.startswith("private/applications/")
    assert "Портфолио" not in portfolio.file.name and portfolio.file.name.endswith(".pdf")


@pytest.mark.parametrize("make_user", [organizer, superuser])
def test_organizers_get_every_file(client, portfolio, make_user):
    assert download(client, make_user(), portfolio).status_code == 200


def test_an_assigned_expert_gets_the_file(client, portfolio):
    assignment = ReviewAssignmentFactory(application=portfolio.application)
    assert download(client, assignment.expert, portfolio).status_code == 200


def test_an_expert_assigned_to_another_application_gets_404(client, portfolio):
    assignment = ReviewAssignmentFactory()
    assert download(client, assignment.expert, portfolio).status_code == 404


def test_an_expert_not_assigned_gets_404(client, portfolio):
    assert download(client, expert(), portfolio).status_code == 404


def test_another_applicant_gets_404(client, portfolio):
    assert download(client, applicant(), portfolio).status_code == 404


def test_an_inactive_owner_gets_404(client, portfolio):
    owner = portfolio.application.applicant
    client.force_login(owner)
    owner.is_active = False
    owner.save()
    assert client.get(url(portfolio)).status_code in (302, 404)


def test_anonymous_is_sent_to_login(client, portfolio):
    response = download(client, None, portfolio)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_file_that_does_not_exist_is_404_like_a_forbidden_one(client, portfolio):
    owner = portfolio.application.applicant
    client.force_login(owner)
    assert client.get(reverse("applications:file", args=[portfolio.pk + 1000])).status_code == 404
    portfolio.file.storage.delete(portfolio.file.name)
    assert client.get(url(portfolio)).status_code == 404


def test_post_is_not_allowed(client, portfolio):
    client.force_login(portfolio.application.applicant)
    assert client.post(url(portfolio)).status_code == 405


def test_visibility_selector_is_the_one_rule(portfolio):
    owner = portfolio.application.applicant
    reviewer = ReviewAssignmentFactory(application=portfolio.application).expert
    assert list(selectors.application_visible_to(user=owner)) == [portfolio.application]
    assert list(selectors.application_visible_to(user=reviewer)) == [portfolio.application]
    assert not selectors.application_visible_to(user=applicant()).exists()
    assert selectors.portfolio_file_for_viewer(file_id=portfolio.pk, user=organizer()) == portfolio
    with pytest.raises(PortfolioFile.DoesNotExist):
        selectors.portfolio_file_for_viewer(file_id=portfolio.pk, user=expert())


def test_an_expert_who_lost_the_role_loses_access(client, portfolio):
    reviewer = ReviewAssignmentFactory(application=portfolio.application).expert
    reviewer.groups.clear()
    assert download(client, reviewer, portfolio).status_code == 404
