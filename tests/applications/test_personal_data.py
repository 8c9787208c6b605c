"""The download of all personal data: the registry and what each app puts in it."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus
from tests.factories import (
    ApplicationFactory,
    ContentLinkFactory,
    MediaProjectIdeaFactory,
    PortalNotificationFactory,
    PortfolioFileFactory,
    SocialAccountFactory,
    StatusChangeFactory,
    applicant,
    choose_directions,
    expert,
    organizer,
)
from topblog.accounts import personal_data
from topblog.accounts.models import Consent, ConsentDocument

pytestmark = pytest.mark.django_db


def consent(user, kind=ConsentDocument.Kind.PROCESSING, **kwargs):
    document = ConsentDocument.objects.filter(kind=kind).order_by("-version").first()
    return Consent.objects.create(
        user=user,
        document=document,
        given_at=timezone.now(),
        ip_address=kwargs.pop("ip_address", "198.51.100.23"),
        user_agent=kwargs.pop("user_agent", "Mozilla/5.0 (iPhone)"),
        **kwargs,
    )


def download(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("cabinet:export"))
    assert response.status_code == 200
    return json.loads(response.content)


def test_every_app_registers_its_part_in_order_from_lowest():
    assert personal_data.registered_exporters()[:3] == ("account", "notifications", "applications")


def test_registering_another_function_under_a_taken_name_is_refused():
    personal_data.register_exporter("account", personal_data.account_export)  # the same one: harmless
    with pytest.raises(ValueError, match="already registered"):
        personal_data.register_exporter("account", lambda user: {})


def test_download_is_an_attachment_in_utf8_json_that_is_never_cached(client):
    person = ApplicationFactory(last_name="Иванова").applicant
    client.force_login(person)
    response = client.get(reverse("cabinet:export"))
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="topblog-personal-data-')
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    # Cyrillic is written as is, so the file is readable in any editor.
    assert "Иванова".encode() in response.content
    assert json.loads(response.content)["applications"][0]["last_name"] == "Иванова"


def test_download_holds_the_account_and_consents_with_versions_and_evidence(client):
    person = applicant(email="anna@example.ru", language="ru")
    consent(person)
    consent(person, ConsentDocument.Kind.PUBLICATION, ip_address="2001:db8::1", user_agent="Firefox")

    data = download(client, person)

    account = data["account"]
    assert account["email"] == "anna@example.ru"
    assert account["roles"] == ["applicant"]
    kinds = {c["kind"]: c for c in account["consents"]}
    assert set(kinds) == {"processing", "publication"}
    assert kinds["processing"]["version"] == 1
    assert kinds["processing"]["ip_address"] == "198.51.100.23"
    assert kinds["processing"]["user_agent"] == "Mozilla/5.0 (iPhone)"
    assert kinds["processing"]["given_at"] and kinds["processing"]["withdrawn_at"] is None
    assert kinds["publication"]["ip_address"] == "2001:db8::1"


def test_download_holds_the_application_with_every_part_and_its_history(client):
    application = ApplicationFactory(
        status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now(), motivation="Хочу рассказать о селе"
    )
    person = application.applicant
    SocialAccountFactory(application=application, url="https://t.me/anna_blog", followers=5400)
    ContentLinkFactory(application=application, url="https://t.me/anna_blog/17")
    MediaProjectIdeaFactory(
        application=application, title="Сельские врачи", description="Серия коротких видео"
    )
    PortfolioFileFactory(application=application, original_name="портфолио.pdf")
    choose_directions(application, "health", "agro")
    StatusChangeFactory(application=application, changed_by=person, reason="")
    StatusChangeFactory(
        application=application,
        from_status=ApplicationStatus.SUBMITTED,
        to_status=ApplicationStatus.UNDER_REVIEW,
        changed_by=organizer(email="boss@topblog.ru"),
        reason="Передана экспертам",
    )

    data = download(client, person)

    [exported] = data["applications"]
    assert exported["status"] == "submitted"
    assert (exported["last_name"], exported["first_name"]) == ("Иванова", "Мария")
    assert exported["phone"] == application.phone
    assert exported["region"] == "г. Москва"
    assert exported["motivation"] == "Хочу рассказать о селе"
    assert exported["social_accounts"] == [
        {"platform": "telegram", "url": "https://t.me/anna_blog", "followers": 5400}
    ]
    assert exported["content_links"] == ["https://t.me/anna_blog/17"]
    assert exported["ideas"] == [{"title": "Сельские врачи", "description": "Серия коротких видео"}]
    assert [d["code"] for d in exported["directions"]] == ["health", "agro"]
    [file] = exported["files"]
    assert file["original_name"] == "портфолио.pdf"
    assert file["url"] == reverse("applications:file", args=[application.files.get().pk])
    history = exported["status_history"]
    assert [(h["from_status"], h["to_status"], h["changed_by"]) for h in history] == [
        ("draft", "submitted", "applicant"),
        ("submitted", "under_review", "organizer"),
    ]
    assert history[1]["reason"] == "Передана экспертам"
    # The organizer is another person: not named in the applicant's file.
    assert "boss@topblog.ru" not in json.dumps(data)


def test_download_holds_the_notifications_sent_to_the_person(client):
    person = applicant()
    PortalNotificationFactory(recipient=person, subject="Итоги опубликованы")

    data = download(client, person)

    assert data["notifications"]["email_optional"] is True
    [message] = data["notifications"]["messages"]
    assert message["subject"] == "Итоги опубликованы"
    assert message["channel"] == "portal"


def test_download_never_holds_anyone_else(client):
    mine = ApplicationFactory(last_name="Петрова", phone="+79160000001")
    theirs = ApplicationFactory(last_name="Сидоров", phone="+79160000002")
    SocialAccountFactory(application=theirs, url="https://t.me/sidorov")
    consent(theirs.applicant, ip_address="203.0.113.99")
    PortalNotificationFactory(recipient=theirs.applicant, subject="Чужое уведомление")

    text = json.dumps(download(client, mine.applicant), ensure_ascii=False)

    assert "Петрова" in text
    for foreign in (
        "Сидоров",
        "+79160000002",
        "https://t.me/sidorov",
        "203.0.113.99",
        "Чужое уведомление",
        theirs.applicant.email,
    ):
        assert foreign not in text


@pytest.mark.parametrize("make_user", [expert, organizer])
def test_staff_download_their_own_data_only(client, make_user):
    ApplicationFactory(last_name="Сидоров")
    person = make_user()
    data = download(client, person)
    assert data["account"]["email"] == person.email
    assert data["applications"] == []
    assert "Сидоров" not in json.dumps(data, ensure_ascii=False)


def test_anonymous_cannot_download(client):
    response = client.get(reverse("cabinet:export"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
