"""A person withdraws consent to processing (and, separately, to publication) in the
cabinet and the API: told first what follows, recorded with time and address, carried
out through the services, seen by organizers."""

import pytest
from django.contrib.admin.sites import site as admin_site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationStatus, StatusChange
from tests.factories import ApplicationFactory, applicant, organizer
from topblog.accounts.models import Consent, ConsentDocument
from topblog.accounts.services import consent_record

pytestmark = pytest.mark.django_db

PROCESSING, PUBLICATION = ConsentDocument.Kind.PROCESSING, ConsentDocument.Kind.PUBLICATION


@pytest.fixture
def submitted():
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now())
    for kind in (PROCESSING, PUBLICATION):
        consent_record(user=application.applicant, kind=kind, ip_address="203.0.113.1", user_agent="Firefox")
    return application


def withdraw_url(kind: str) -> str:
    return reverse("consents:withdraw", args=[kind])


def test_cabinet_says_what_follows_before_anything_changes(client, submitted):
    client.force_login(submitted.applicant)

    listing = client.get(reverse("consents:list")).content.decode()
    page = client.get(withdraw_url(PROCESSING)).content.decode()

    assert withdraw_url(PROCESSING) in listing and withdraw_url(PUBLICATION) in listing
    assert "будет отозвана" in page and "«Подана»" in page
    assert "Да, отозвать согласие" in page
    assert not Consent.objects.filter(withdrawn_at__isnull=False).exists()
    assert Application.objects.get(pk=submitted.pk).status == ApplicationStatus.SUBMITTED


def test_withdrawing_processing_records_it_and_withdraws_the_application(client, submitted):
    client.force_login(submitted.applicant)

    response = client.post(withdraw_url(PROCESSING), REMOTE_ADDR="198.51.100.23", HTTP_USER_AGENT="Safari")

    assert response.status_code == 302
    consent = Consent.objects.get(user=submitted.applicant, document__kind=PROCESSING)
    assert consent.withdrawn_at is not None
    assert (consent.withdrawn_ip_address, consent.withdrawn_user_agent) == ("198.51.100.23", "Safari")
    assert Consent.objects.get(user=submitted.applicant, document__kind=PUBLICATION).withdrawn_at is None
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.WITHDRAWN
    change = StatusChange.objects.get(application=submitted, to_status=ApplicationStatus.WITHDRAWN)
    assert change.changed_by == submitted.applicant
    assert "отозвал согласие" in change.reason


def test_organizers_see_the_withdrawal(client, submitted):
    client.force_login(submitted.applicant)
    client.post(withdraw_url(PROCESSING), REMOTE_ADDR="198.51.100.23")
    client.force_login(organizer())

    page = client.get(reverse("admin:applications_application_change", args=[submitted.pk])).content.decode()
    consents = client.get(reverse("admin:accounts_consent_changelist"), {"withdrawn_at__isnull": "False"})

    assert "198.51.100.23" in page and "отозвал согласие" in page
    assert [c.user for c in consents.context["cl"].result_list] == [submitted.applicant]


def test_withdrawing_publication_keeps_the_application(client, submitted):
    client.force_login(submitted.applicant)

    page = client.get(withdraw_url(PUBLICATION)).content.decode()
    client.post(withdraw_url(PUBLICATION))

    assert "Заявка остаётся в силе" in page and "будет отозвана" not in page
    assert Consent.objects.get(user=submitted.applicant, document__kind=PUBLICATION).withdrawn_at
    assert Consent.objects.get(user=submitted.applicant, document__kind=PROCESSING).withdrawn_at is None
    assert Application.objects.get(pk=submitted.pk).status == ApplicationStatus.SUBMITTED


def test_api_tells_what_follows_and_withdraws_only_when_confirmed(client, submitted):
    client.force_login(submitted.applicant)
    url = reverse("api:my-consent-withdrawal", args=[PROCESSING])

    told = client.get(url).json()
    unconfirmed = client.post(url, {"confirm": False}, content_type="application/json")
    assert Application.objects.get(pk=submitted.pk).status == ApplicationStatus.SUBMITTED
    done = client.post(url, {"confirm": True}, content_type="application/json", REMOTE_ADDR="198.51.100.7")

    assert told["active"] and "будет отозвана" in told["consequences"][0]
    assert unconfirmed.status_code == 400 and "confirm" in unconfirmed.json()
    assert done.status_code == 200 and done.json()["active"] is False
    assert Consent.objects.get(user=submitted.applicant, document__kind=PROCESSING).withdrawn_ip_address == (
        "198.51.100.7"
    )
    assert Application.objects.get(pk=submitted.pk).status == ApplicationStatus.WITHDRAWN
    listed = client.get(reverse("api:my-consents")).json()
    in_force = {(c["kind"], c["withdrawn_at"] is None) for c in listed}
    assert in_force == {(PROCESSING, False), (PUBLICATION, True)}


def test_nobody_withdraws_anothers_consent_and_strangers_are_sent_to_login(client, submitted):
    assert client.get(reverse("consents:list")).status_code == 302
    assert client.get(reverse("api:my-consents")).status_code == 403
    client.force_login(applicant())

    client.post(withdraw_url(PROCESSING))
    api = reverse("api:my-consent-withdrawal", args=[PROCESSING])
    client.post(api, {"confirm": True}, content_type="application/json")

    assert not Consent.objects.filter(withdrawn_at__isnull=False).exists()
    assert client.get(withdraw_url("other")).status_code == 404


@pytest.mark.parametrize("url_name", ["consents:list", "api:my-consents"])
def test_consent_lists_take_the_same_queries_at_two_sizes(client, url_name):
    person = applicant()
    client.force_login(person)
    counts = []
    for _size in range(2):
        for kind in (PROCESSING, PUBLICATION):
            consent_record(user=person, kind=kind, ip_address=None, user_agent="")
            Consent.objects.filter(user=person).update(withdrawn_at=timezone.now())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url_name)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_consents_are_read_only_in_the_admin():
    assert not admin_site._registry[Consent].has_change_permission(None)
