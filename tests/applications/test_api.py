"""/api/v1/me/application/: the requesting person's own application, and nobody else's."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from applications.models import Application, ApplicationStatus, PortfolioFile, ReviewAssignment, StatusChange
from tests.factories import (
    SMALL_PDF,
    ApplicationFactory,
    ContentLinkFactory,
    MediaProjectIdeaFactory,
    PortfolioFileFactory,
    SeasonFactory,
    SocialAccountFactory,
    StatusChangeFactory,
    applicant,
    choose_directions,
    expert,
    organizer,
)
from topblog.accounts.models import Consent, ConsentDocument
from topblog.tracks.models import Stage, StageKind

pytestmark = pytest.mark.django_db

S = ApplicationStatus
ME = "api:my-application"
CLIENT_META = {"REMOTE_ADDR": "198.51.100.23", "HTTP_USER_AGENT": "TopBlogApp/1.0 (Android 15)"}


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


def complete_application(**kwargs) -> Application:
    """A blogger's draft with every section filled in, ready to submit."""
    application = ApplicationFactory(motivation="Хочу, чтобы о моём регионе узнали.", **kwargs)
    SocialAccountFactory(application=application, url="https://t.me/anna_blog", followers=5400)
    MediaProjectIdeaFactory(application=application, title="Сельские врачи")
    choose_directions(application, "health", "agro")
    return application


def url(name, *args):
    return reverse(name, args=args)


# Who may reach what


ENDPOINTS = [
    ("get", ME, ()),
    ("patch", ME, ()),
    ("put", ME, ()),
    ("post", "api:my-application-submit", ()),
    ("post", "api:my-application-withdraw", ()),
    ("get", "api:my-application-history", ()),
    ("post", "api:my-application-files", ()),
]


@pytest.mark.parametrize(("method", "name", "args"), [*ENDPOINTS, ("post", ME, ())])
def test_anonymous_is_refused_everywhere(api, method, name, args):
    SeasonFactory()
    assert getattr(api, method)(url(name, *args), {}, format="json").status_code in (401, 403)


def test_anonymous_cannot_delete_a_file(api):
    file = PortfolioFileFactory()
    assert api.delete(url("api:my-application-file", file.pk)).status_code in (401, 403)
    assert PortfolioFile.objects.filter(pk=file.pk).exists()


@pytest.mark.parametrize("make_user", [applicant, expert, organizer])
@pytest.mark.parametrize(("method", "name", "args"), ENDPOINTS)
def test_someone_without_an_application_gets_404_and_never_anothers(api, make_user, method, name, args):
    theirs = complete_application()
    StatusChangeFactory(application=theirs, reason="чужая причина")
    response = getattr(as_user(api, make_user()), method)(url(name, *args), {"version": 1}, format="json")
    assert response.status_code == 404
    assert theirs.last_name not in response.content.decode()
    theirs.refresh_from_db()
    assert (theirs.status, theirs.version) == (S.DRAFT, 1)


@pytest.mark.parametrize("make_user", [applicant, expert, organizer])
def test_nobody_deletes_a_file_of_another_application(api, make_user):
    theirs = PortfolioFileFactory()
    person = make_user()
    ApplicationFactory(applicant=person)  # they have an application of their own
    response = as_user(api, person).delete(url("api:my-application-file", theirs.pk))
    assert response.status_code == 404
    assert PortfolioFile.objects.filter(pk=theirs.pk).exists()


def test_even_an_assigned_expert_reaches_only_their_own_application(api):
    theirs = complete_application(status=S.SUBMITTED, submitted_at=timezone.now())
    reviewer = expert()
    ReviewAssignment.objects.create(application=theirs, expert=reviewer)
    as_user(api, reviewer)
    assert api.get(url(ME)).status_code == 404
    assert api.get(url("api:my-application-history")).status_code == 404
    assert api.post(url("api:my-application-withdraw"), {}, format="json").status_code == 404


def test_no_current_season_is_404(api):
    response = as_user(api, applicant()).get(url(ME))
    assert response.status_code == 404
    assert as_user(api, applicant()).post(url(ME)).status_code == 404


# Reading and starting


def test_owner_reads_the_whole_application(api):
    application = complete_application(rkn_number="4242")
    ContentLinkFactory(application=application, url="https://t.me/anna_blog/17")
    file = PortfolioFileFactory(application=application, original_name="портфолио.pdf")

    body = as_user(api, application.applicant).get(url(ME)).json()

    assert body["status"] == "draft" and body["status_display"] == "Черновик"
    assert body["version"] == application.version
    assert (body["last_name"], body["region"], body["email"]) == (
        "Иванова",
        "77",
        application.applicant.email,
    )
    assert body["directions"] == ["health", "agro"]
    assert body["social_accounts"] == [
        {"platform": "telegram", "url": "https://t.me/anna_blog", "followers": 5400}
    ]
    assert body["content_links"] == ["https://t.me/anna_blog/17"]
    assert body["ideas"][0]["title"] == "Сельские врачи"
    assert body["files"][0]["original_name"] == "портфолио.pdf"
    assert body["files"][0]["url"].endswith(reverse("api:my-application-file", args=[file.pk]))


def test_reading_takes_the_same_number_of_queries_for_one_and_five_of_everything(api):
    def build(n):
        application = ApplicationFactory()
        choose_directions(application, *["culture", "health", "agro"][: min(n, 3)])
        for i in range(n):
            SocialAccountFactory(application=application)
            ContentLinkFactory(application=application, position=i + 1)
            MediaProjectIdeaFactory(application=application, position=i + 1)
            PortfolioFileFactory(application=application)
            StatusChangeFactory(application=application)
        return application.applicant

    counts = []
    for person in (build(1), build(5)):
        client = APIClient()
        client.force_authenticate(person)
        for name in (ME, "api:my-application-history"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url(name)).status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:]


@pytest.mark.parametrize("make_user", [expert, organizer])
def test_only_applicants_start_an_application(api, make_user):
    SeasonFactory()
    response = as_user(api, make_user()).post(url(ME))
    assert response.status_code == 403
    assert "только участник" in response.json()["detail"]
    assert not Application.objects.exists()


def test_post_starts_one_draft_and_returns_it_again_after(api):
    SeasonFactory()
    person = applicant()
    as_user(api, person)
    first = api.post(url(ME))
    assert first.status_code == 201
    assert first.json()["status"] == "draft"
    again = api.post(url(ME))
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Application.objects.filter(applicant=person).count() == 1


# Editing the draft


def test_patch_changes_only_what_is_sent_and_bumps_the_version(api):
    application = complete_application()
    as_user(api, application.applicant)

    response = api.patch(
        url(ME), {"version": 1, "city": "Тверь", "phone": "8 (912) 345-67-89"}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["city"], body["phone"], body["version"]) == ("Тверь", "+79123456789", 2)
    assert body["last_name"] == "Иванова" and body["directions"] == ["health", "agro"]
    assert body["social_accounts"][0]["url"] == "https://t.me/anna_blog"


def test_put_replaces_the_whole_draft(api):
    application = complete_application()
    as_user(api, application.applicant)
    draft = {
        "version": 1,
        "role": "official",
        "last_name": "Петров",
        "first_name": "Пётр",
        "region": "50",
        "ministry_direction": "culture",
        "department": "Департамент медиакоммуникаций",
        "position": "Советник",
        "directions": ["culture", "science"],
        "ideas": [{"title": "Музей онлайн", "description": "Экскурсии в коротких видео"}],
    }
    body = api.put(url(ME), draft, format="json").json()
    assert (body["role"], body["last_name"], body["region"], body["ministry_direction"]) == (
        "official",
        "Петров",
        "50",
        "culture",
    )
    assert body["social_accounts"] == [] and body["directions"] == ["culture", "science"]
    assert body["version"] == 2


def test_a_stale_version_is_refused_with_409_and_nothing_is_overwritten(api):
    application = complete_application()
    as_user(api, application.applicant)
    assert api.patch(url(ME), {"version": 1, "city": "Тверь"}, format="json").status_code == 200

    stale = api.patch(url(ME), {"version": 1, "city": "Казань"}, format="json")

    assert stale.status_code == 409
    assert stale.json()["code"] == "stale"
    assert "в другой вкладке" in stale.json()["detail"]
    application.refresh_from_db()
    assert (application.city, application.version) == ("Тверь", 2)


def test_saving_without_a_version_is_refused(api):
    application = complete_application()
    response = as_user(api, application.applicant).patch(url(ME), {"city": "Тверь"}, format="json")
    assert response.status_code == 400
    assert "версию" in response.json()["version"][0]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"phone": "12345"}, "phone", "Телефон указан неверно"),
        (
            {"social_accounts": [{"platform": "vk", "url": "https://t.me/anna_blog", "followers": 10}]},
            "social_accounts",
            "Это не ссылка на аккаунт в «ВКонтакте»",
        ),
        (
            {"social_accounts": [{"platform": "telegram", "url": "https://t.me/anna_blog", "followers": -5}]},
            "social_accounts",
            "не может быть отрицательным",
        ),
        ({"region": "00"}, "region", "Выберите регион из списка"),
        ({"directions": ["culture", "culture"]}, "directions", "только один раз"),
        ({"birth_date": "2999-01-01"}, "birth_date", "не может быть в будущем"),
    ],
)
def test_bad_input_is_refused_with_a_russian_message_on_its_field(api, change, field, message):
    application = complete_application()
    response = as_user(api, application.applicant).patch(url(ME), {"version": 1, **change}, format="json")
    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()
    application.refresh_from_db()
    assert application.version == 1


def test_a_submitted_application_cannot_be_edited(api):
    application = complete_application(status=S.SUBMITTED, submitted_at=timezone.now())
    response = as_user(api, application.applicant).patch(
        url(ME), {"version": 1, "city": "Тверь"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "not_draft"


# Submitting


def test_submit_moves_to_submitted_and_records_consents_with_ip_and_browser(api):
    application = complete_application()
    as_user(api, application.applicant)

    response = api.post(
        url("api:my-application-submit"),
        {"version": 1, "processing_consent": True, "publication_consent": True},
        format="json",
        **CLIENT_META,
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted"
    consents = Consent.objects.filter(user=application.applicant).select_related("document")
    assert {c.document.kind for c in consents} == {
        ConsentDocument.Kind.PROCESSING,
        ConsentDocument.Kind.PUBLICATION,
    }
    for consent in consents:
        assert (consent.ip_address, consent.user_agent) == ("198.51.100.23", "TopBlogApp/1.0 (Android 15)")
    change = StatusChange.objects.get(application=application)
    assert (change.to_status, change.changed_by) == (S.SUBMITTED, application.applicant)


def test_a_second_submit_is_refused(api):
    application = complete_application()
    as_user(api, application.applicant)
    body = {"version": 1, "processing_consent": True}
    assert api.post(url("api:my-application-submit"), body, format="json").status_code == 200

    again = api.post(url("api:my-application-submit"), {**body, "version": 2}, format="json")

    assert again.status_code == 409
    assert again.json()["code"] == "already_submitted"
    assert "уже подана" in again.json()["detail"]
    assert StatusChange.objects.filter(application=application).count() == 1


def test_submit_without_consent_to_processing_is_refused(api):
    application = complete_application()
    response = as_user(api, application.applicant).post(
        url("api:my-application-submit"), {"version": 1, "processing_consent": False}, format="json"
    )
    assert response.status_code == 400
    assert "дайте согласие на обработку" in response.json()["processing_consent"][0]
    application.refresh_from_db()
    assert application.status == S.DRAFT


def test_submit_of_a_stale_version_is_409(api):
    application = complete_application()
    response = as_user(api, application.applicant).post(
        url("api:my-application-submit"), {"version": 0, "processing_consent": True}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "stale"


def test_submit_after_the_window_closed_is_refused(api):
    application = complete_application()
    Stage.objects.filter(kind=StageKind.APPLICATIONS).update(ends_at=timezone.now() - timedelta(hours=1))
    response = as_user(api, application.applicant).post(
        url("api:my-application-submit"), {"version": 1, "processing_consent": True}, format="json"
    )
    assert response.status_code == 400
    assert "Приём заявок завершён" in response.json()["detail"]
    application.refresh_from_db()
    assert application.status == S.DRAFT


def test_an_incomplete_application_is_refused_with_what_is_missing(api):
    application = ApplicationFactory()
    response = as_user(api, application.applicant).post(
        url("api:my-application-submit"), {"version": 1, "processing_consent": True}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert {"directions", "ideas", "motivation"} <= set(body)
    application.refresh_from_db()
    assert application.status == S.DRAFT


# Withdrawing and history


def test_withdraw_records_the_reason_and_history_shows_it(api):
    application = complete_application(status=S.SUBMITTED, submitted_at=timezone.now())
    StatusChangeFactory(application=application, changed_by=application.applicant)
    as_user(api, application.applicant)

    response = api.post(url("api:my-application-withdraw"), {"reason": "Не успеваю"}, format="json")

    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    history = api.get(url("api:my-application-history")).json()
    assert [(h["from_status"], h["to_status"], h["changed_by"]) for h in history] == [
        ("draft", "submitted", "applicant"),
        ("submitted", "withdrawn", "applicant"),
    ]
    assert history[-1]["reason"] == "Не успеваю"


def test_history_names_organizers_only_as_organizer(api):
    application = complete_application(status=S.UNDER_REVIEW, submitted_at=timezone.now())
    boss = organizer(email="boss@topblog.ru")
    StatusChangeFactory(
        application=application, from_status=S.SUBMITTED, to_status=S.UNDER_REVIEW, changed_by=boss
    )
    response = as_user(api, application.applicant).get(url("api:my-application-history"))
    assert response.json()[0]["changed_by"] == "organizer"
    assert "boss@topblog.ru" not in response.content.decode()


def test_withdrawing_twice_is_refused(api):
    application = complete_application(status=S.WITHDRAWN, submitted_at=timezone.now())
    response = as_user(api, application.applicant).post(url("api:my-application-withdraw"), {}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"


# Files


def upload(api, content: bytes, name: str, kind: str = "work"):
    return api.post(
        url("api:my-application-files"),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf"), "kind": kind},
        format="multipart",
    )


def test_upload_stores_a_pdf_and_delete_removes_it(api):
    application = complete_application()
    as_user(api, application.applicant)

    response = upload(api, SMALL_PDF, "работа.pdf")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["original_name"], body["content_type"], body["kind"]) == (
        "работа.pdf",
        "application/pdf",
        "work",
    )
    stored = PortfolioFile.objects.get(pk=body["id"])
    assert "работа" not in stored.file.name
    assert api.delete(url("api:my-application-file", stored.pk)).status_code == 204
    assert not PortfolioFile.objects.filter(pk=stored.pk).exists()


def test_upload_of_the_wrong_type_is_rejected_with_a_russian_message(api):
    application = complete_application()
    response = upload(as_user(api, application.applicant), b"MZ\x90\x00 definitely not a pdf", "резюме.pdf")
    assert response.status_code == 400
    assert "не подходит" in str(response.json())
    assert not PortfolioFile.objects.filter(application=application).exists()


def test_no_more_than_three_work_files(api):
    application = complete_application()
    as_user(api, application.applicant)
    for n in range(3):
        assert upload(api, SMALL_PDF, f"{n}.pdf").status_code == 201
    response = upload(api, SMALL_PDF, "4.pdf")
    assert response.status_code == 400
    assert PortfolioFile.objects.filter(application=application).count() == 3


def test_files_of_a_submitted_application_cannot_change(api):
    application = complete_application(status=S.SUBMITTED, submitted_at=timezone.now())
    file = PortfolioFileFactory(application=application)
    as_user(api, application.applicant)
    assert api.delete(url("api:my-application-file", file.pk)).status_code == 409
    assert upload(api, SMALL_PDF, "late.pdf").status_code == 409
    assert PortfolioFile.objects.filter(application=application).count() == 1


# The schema


def test_schema_documents_every_endpoint(client):
    schema = client.get(reverse("api-schema")).content.decode()
    for path in (
        "/api/v1/me/application/:",
        "/api/v1/me/application/submit/:",
        "/api/v1/me/application/withdraw/:",
        "/api/v1/me/application/history/:",
        "/api/v1/me/application/files/:",
        "/api/v1/me/application/files/{file_id}/:",
    ):
        assert path in schema


def test_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
