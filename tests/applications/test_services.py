"""Intake services: drafts, optimistic locking, submission, consents, duplicates, files."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications import services
from applications.drafts import ApplicationDraft
from applications.models import Application, ApplicationStatus, PortfolioFile, StatusChange
from applications.rules import IdeaRow, SocialAccountRow
from tests.factories import (
    SMALL_PDF,
    ApplicationFactory,
    SeasonFactory,
    SocialAccountFactory,
    applicant,
    expert,
    image_bytes,
    organizer,
    ready_application,
)
from topblog.accounts.models import Consent, ConsentDocument
from topblog.notifications.models import OutboxMessage
from topblog.tracks.models import StageKind

pytestmark = pytest.mark.django_db


def pdf(name="работа.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, SMALL_PDF, content_type="application/pdf")


def submit(application: Application, **kwargs) -> Application:
    application.refresh_from_db()
    arguments = {
        "application_id": application.pk,
        "expected_version": application.version,
        "by": application.applicant,
        "ip_address": "203.0.113.7",
        "user_agent": "Mozilla/5.0 (Android) Test",
        "processing_consent": True,
        "publication_consent": False,
    }
    return services.application_submit(**{**arguments, **kwargs})


def save(application: Application, data: ApplicationDraft, version: int | None = None) -> Application:
    application.refresh_from_db()
    return services.application_draft_save(
        application_id=application.pk,
        expected_version=application.version if version is None else version,
        data=data,
        by=application.applicant,
    )


def test_start_creates_one_draft_per_person_per_season():
    season, person = SeasonFactory(), applicant()
    first = services.application_start(season=season, applicant=person)
    again = services.application_start(season=season, applicant=person)
    assert first.pk == again.pk
    assert first.status == ApplicationStatus.DRAFT and first.version == 1
    assert Application.objects.filter(applicant=person).count() == 1


def test_an_incomplete_draft_is_saved_with_what_was_typed():
    application = services.application_start(season=SeasonFactory(), applicant=applicant())
    data = ApplicationDraft(
        last_name="Петров",
        phone="8 (912) 345-67-89",
        social_accounts=[
            SocialAccountRow("vk", "http://www.VK.com/petrov/", 100),
            SocialAccountRow("telegram", "", 0),
        ],
        content_links=["https://vk.com/wall-1_2"],
        ideas=[IdeaRow("Только название", "")],
        direction_codes=["culture"],
    )
    saved = save(application, data)
    assert saved.version == 2
    assert saved.last_name == "Петров" and saved.first_name == ""
    assert saved.phone == "+79123456789"
    assert sorted(saved.social_accounts.values_list("url", flat=True)) == ["", "https://vk.com/petrov"]
    assert saved.total_followers == 100
    assert list(saved.content_links.values_list("url", flat=True)) == ["https://vk.com/wall-1_2"]
    assert saved.ideas.get().title == "Только название"
    assert saved.direction_choices.get().direction.code == "culture"


def test_saving_again_replaces_the_rows():
    application = ready_application()
    saved = save(application, ApplicationDraft(direction_codes=["health", "agro", "tourism"]))
    assert [c.direction.code for c in saved.direction_choices.order_by("rank")] == [
        "health",
        "agro",
        "tourism",
    ]
    assert not saved.social_accounts.exists() and not saved.ideas.exists()
    assert saved.total_followers == 0


def test_a_filled_field_must_be_valid_even_in_a_draft():
    application = ApplicationFactory()
    with pytest.raises(ValidationError) as excinfo:
        save(
            application,
            ApplicationDraft(phone="12345", social_accounts=[SocialAccountRow("vk", "https://t.me/x")]),
        )
    assert set(excinfo.value.message_dict) == {"phone", "social_accounts"}
    with pytest.raises(ValidationError) as excinfo:
        save(application, ApplicationDraft(region_code="00"))
    assert "region" in excinfo.value.message_dict
    application.refresh_from_db()
    assert application.version == 1


def test_a_stale_save_is_refused_and_nothing_is_overwritten():
    application = ready_application()
    save(application, ApplicationDraft(last_name="Из первой вкладки", direction_codes=["science"]))
    with pytest.raises(services.StaleApplicationError) as excinfo:
        save(application, ApplicationDraft(last_name="Из второй вкладки"), version=1)
    assert "в другой вкладке" in excinfo.value.messages[0]
    assert excinfo.value.code == "stale"
    application.refresh_from_db()
    assert application.last_name == "Из первой вкладки" and application.version == 2
    assert application.direction_choices.get().direction.code == "science"


def test_a_submitted_application_cannot_be_edited():
    application = ready_application()
    submit(application)
    with pytest.raises(ValidationError, match="уже подана"):
        save(application, ApplicationDraft(last_name="Другая"))


def test_submit_records_status_history_consent_and_notification():
    application = ready_application()
    submitted = submit(application, publication_consent=True)
    assert submitted.status == ApplicationStatus.SUBMITTED and submitted.submitted_at is not None
    change = StatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "draft",
        "submitted",
        application.applicant,
    )
    processing = Consent.objects.get(
        user=application.applicant, document__kind=ConsentDocument.Kind.PROCESSING
    )
    assert processing.document.version == 1
    assert processing.ip_address == "203.0.113.7" and processing.user_agent == "Mozilla/5.0 (Android) Test"
    assert processing.given_at is not None
    assert Consent.objects.filter(user=application.applicant, document__kind="publication").exists()
    assert OutboxMessage.objects.filter(
        recipient=application.applicant, event="application_submitted"
    ).exists()


def test_publication_consent_is_optional_and_separate():
    application = ready_application()
    submit(application, publication_consent=False)
    kinds = set(Consent.objects.filter(user=application.applicant).values_list("document__kind", flat=True))
    assert kinds == {"processing"}


def test_a_consent_already_given_to_the_current_text_is_kept():
    application = ready_application()
    document = ConsentDocument.objects.get(kind="processing", version=1)
    earlier = Consent.objects.create(user=application.applicant, document=document, given_at=timezone.now())
    submit(application)
    assert list(Consent.objects.filter(user=application.applicant)) == [earlier]


def test_submitting_twice_is_refused():
    application = ready_application()
    submit(application)
    with pytest.raises(ValidationError) as excinfo:
        submit(application)
    assert excinfo.value.messages == ["Заявка уже подана, повторно подать её нельзя."]
    assert StatusChange.objects.filter(application=application).count() == 1


def test_submitting_from_a_stale_page_is_refused():
    application = ready_application()
    save(application, ApplicationDraft(last_name="Новая"))
    with pytest.raises(services.StaleApplicationError):
        submit(application, expected_version=1)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


@pytest.mark.parametrize(("shift", "text"), [(-1, "завершён"), (+1, "ещё не начался")])
def test_submitting_outside_the_window_is_refused(shift, text):
    application = ready_application()
    window = application.season.stages.get(kind=StageKind.APPLICATIONS)
    now = timezone.now()
    if shift < 0:
        window.starts_at, window.ends_at = now - timedelta(days=30), now - timedelta(minutes=1)
    else:
        window.starts_at, window.ends_at = now + timedelta(days=1), now + timedelta(days=30)
    window.save()
    with pytest.raises(ValidationError, match=text):
        submit(application)


def test_submitting_an_incomplete_application_lists_every_problem_by_field():
    application = ApplicationFactory(phone="", city="")
    with pytest.raises(ValidationError) as excinfo:
        submit(application)
    errors = excinfo.value.message_dict
    assert errors["phone"] == ["Укажите телефон."]
    assert {"city", "social_accounts", "directions", "ideas", "motivation"} <= set(errors)
    assert not Consent.objects.filter(user=application.applicant).exists()


def test_an_applicant_under_the_minimum_age_cannot_submit():
    application = ready_application(birth_date=timezone.localdate() - timedelta(days=365 * 13))
    with pytest.raises(ValidationError) as excinfo:
        submit(application)
    assert excinfo.value.message_dict == {"birth_date": ["Подать заявку можно с 14 лет."]}


def test_under_adult_age_a_parents_consent_is_required():
    application = ready_application(birth_date=timezone.localdate() - timedelta(days=365 * 16 + 10))
    with pytest.raises(ValidationError) as excinfo:
        submit(application)
    assert "согласие родителя" in excinfo.value.message_dict["parent_consent"][0]
    services.portfolio_file_add(
        application_id=application.pk,
        upload=pdf("согласие.pdf"),
        kind="parent_consent",
        by=application.applicant,
    )
    assert submit(application).status == ApplicationStatus.SUBMITTED


def test_an_officials_first_direction_must_be_their_ministrys():
    application = ready_application(role="official", department="Департамент", position="Советник")
    data = ApplicationDraft(
        role="official",
        last_name="Иванова",
        first_name="Мария",
        birth_date=application.birth_date,
        region_code="77",
        city="Москва",
        phone=application.phone,
        ministry_direction_code="health",
        department="Департамент",
        position="Советник",
        motivation="Да",
        direction_codes=["science", "health"],
        ideas=[IdeaRow("Идея", "Описание")],
    )
    save(application, data)
    with pytest.raises(ValidationError) as excinfo:
        submit(application)
    assert "направление его министерства" in excinfo.value.message_dict["directions"][0]
    data.direction_codes = ["health", "science"]
    save(application, data)
    assert submit(application).status == ApplicationStatus.SUBMITTED


def test_withdraw():
    application = ready_application()
    submit(application)
    withdrawn = services.application_withdraw(
        application_id=application.pk, by=application.applicant, reason="Передумала"
    )
    assert withdrawn.status == ApplicationStatus.WITHDRAWN
    assert StatusChange.objects.filter(
        application=application, to_status="withdrawn", reason="Передумала"
    ).exists()


def test_same_phone_flags_both_and_a_change_clears_both():
    first = ApplicationFactory(phone="+79990001122")
    second = services.application_start(season=first.season, applicant=applicant())
    save(second, ApplicationDraft(phone="8 999 000-11-22"))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_possible_duplicate and second.is_possible_duplicate
    assert f"заявке №{first.pk}" in second.duplicate_reason and "телефон" in second.duplicate_reason
    assert f"заявке №{second.pk}" in first.duplicate_reason
    save(second, ApplicationDraft(phone="+79990003344"))
    first.refresh_from_db()
    second.refresh_from_db()
    assert not first.is_possible_duplicate and not second.is_possible_duplicate


def test_same_social_link_in_another_spelling_is_flagged_never_blocked():
    first = ready_application()
    SocialAccountFactory(application=first, platform="vk", url="https://vk.com/maria")
    second = services.application_start(season=first.season, applicant=applicant())
    saved = save(
        second, ApplicationDraft(social_accounts=[SocialAccountRow("vk", "http://m.vk.com/maria/", 5)])
    )
    assert saved.is_possible_duplicate and "https://vk.com/maria" in saved.duplicate_reason
    first.refresh_from_db()
    assert first.is_possible_duplicate
    assert submit(first).status == ApplicationStatus.SUBMITTED  # flagged, not blocked


def test_another_season_is_not_a_duplicate():
    first = ApplicationFactory(phone="+79990001122")
    first.season.is_current = False
    first.season.save()
    other = ApplicationFactory(phone="+79990001122", season=SeasonFactory())
    services.application_duplicates_flag(application_id=other.pk)
    other.refresh_from_db()
    assert not other.is_possible_duplicate


def test_resolved_duplicates_stay_resolved_until_something_new_matches():
    first = ApplicationFactory(phone="+79990001122")
    second = ApplicationFactory(phone="+79990001122")
    services.application_duplicates_flag(application_id=second.pk)
    boss = organizer()
    assert services.application_duplicates_resolve(application_ids=[first.pk, second.pk], by=boss) == 2
    services.application_duplicates_flag(application_id=second.pk)
    second.refresh_from_db()
    assert not second.is_possible_duplicate and second.duplicate_resolved_by == boss
    third = ApplicationFactory(phone="+79990001122")
    services.application_duplicates_flag(application_id=third.pk)
    second.refresh_from_db()
    assert second.is_possible_duplicate and second.duplicate_resolved_at is None


def test_a_file_is_stored_under_a_random_name_with_its_type_found_by_content():
    application = ApplicationFactory()
    upload = SimpleUploadedFile("Мой портрет.jpg", image_bytes("PNG"), content_type="image/jpeg")
    stored = services.portfolio_file_add(
        application_id=application.pk, upload=upload, kind="work", by=application.applicant
    )
    # Named for the type found in it, not the one it was uploaded as.
    assert stored.original_name == "Мой портрет.png"
    assert stored.content_type == "image/png" and stored.size == upload.size
    assert stored.file.name.startswith("private/applications/") and "портрет" not in stored.file.name
    assert default_storage.exists(stored.file.name)


def test_at_most_three_work_files_and_only_valid_ones():
    application = ApplicationFactory()
    for n in range(3):
        services.portfolio_file_add(
            application_id=application.pk, upload=pdf(f"{n}.pdf"), kind="work", by=application.applicant
        )
    with pytest.raises(ValidationError, match="не больше 3"):
        services.portfolio_file_add(
            application_id=application.pk, upload=pdf(), kind="work", by=application.applicant
        )
    with pytest.raises(ValidationError, match="не подходит"):
        services.portfolio_file_add(
            application_id=application.pk,
            upload=SimpleUploadedFile("x.pdf", b"MZ\x90 program"),
            kind="parent_consent",
            by=application.applicant,
        )
    assert application.files.count() == 3


def test_a_new_parents_consent_replaces_the_previous(django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    add = {"application_id": application.pk, "kind": "parent_consent", "by": application.applicant}
    with django_capture_on_commit_callbacks(execute=True):
        old = services.portfolio_file_add(upload=pdf("old.pdf"), **add)
        new = services.portfolio_file_add(upload=pdf("new.pdf"), **add)
    assert list(application.files.all()) == [new]
    assert not default_storage.exists(old.file.name)


def test_remove_deletes_the_row_and_the_stored_file(django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    stored = services.portfolio_file_add(
        application_id=application.pk, upload=pdf(), kind="work", by=application.applicant
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.portfolio_file_remove(
            application_id=application.pk, file_id=stored.pk, by=application.applicant
        )
    assert not PortfolioFile.objects.exists()
    assert not default_storage.exists(stored.file.name)


def test_files_of_a_submitted_application_cannot_change():
    application = ready_application()
    stored = services.portfolio_file_add(
        application_id=application.pk, upload=pdf(), kind="work", by=application.applicant
    )
    submit(application)
    with pytest.raises(ValidationError, match="уже подана"):
        services.portfolio_file_add(
            application_id=application.pk, upload=pdf(), kind="work", by=application.applicant
        )
    with pytest.raises(ValidationError, match="уже подана"):
        services.portfolio_file_remove(
            application_id=application.pk, file_id=stored.pk, by=application.applicant
        )


def test_a_file_is_removed_only_through_its_own_application():
    mine, theirs = ApplicationFactory(), ApplicationFactory()
    stored = services.portfolio_file_add(
        application_id=theirs.pk, upload=pdf(), kind="work", by=theirs.applicant
    )
    with pytest.raises(PortfolioFile.DoesNotExist):
        services.portfolio_file_remove(application_id=mine.pk, file_id=stored.pk, by=mine.applicant)
    assert PortfolioFile.objects.filter(pk=stored.pk).exists()


def test_form_save_of_the_draft_and_removals_is_all_or_nothing():
    application = ApplicationFactory()
    stored = services.portfolio_file_add(
        application_id=application.pk, upload=pdf("kept.pdf"), kind="work", by=application.applicant
    )
    with pytest.raises(ValidationError):
        services.application_form_save(
            application_id=application.pk,
            expected_version=1,
            data=ApplicationDraft(last_name="Не сохранится", region_code="00"),
            by=application.applicant,
            remove_file_ids=[stored.pk],
        )
    application.refresh_from_db()
    assert application.last_name == "Иванова" and application.version == 1
    assert application.files.get() == stored


def test_files_are_added_each_on_its_own_and_a_refused_one_is_named():
    application = ApplicationFactory()
    for n in range(2):
        services.portfolio_file_add(
            application_id=application.pk, upload=pdf(f"{n}.pdf"), kind="work", by=application.applicant
        )
    stored_before = set(default_storage.listdir("private/applications")[1])
    added, refused = services.portfolio_files_add(
        application_id=application.pk,
        uploads=[
            (pdf("third.pdf"), "work"), (pdf("fourth.pdf"), "work"), (pdf("consent.pdf"), "parent_consent")
        ],
        by=application.applicant,
    )
    assert [f.original_name for f in added] == ["third.pdf", "consent.pdf"]
    assert refused == ["Файл «fourth.pdf» не сохранён: Можно загрузить не больше 3 файлов с работами."]
    assert application.files.count() == 4
    # The refused file left nothing behind in the storage.
    assert len(set(default_storage.listdir("private/applications")[1]) - stored_before) == 2


def test_files_are_not_added_to_a_submitted_application():
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now())
    with pytest.raises(ValidationError, match="уже подана"):
        services.portfolio_files_add(
            application_id=application.pk, uploads=[(pdf("late.pdf"), "work")], by=application.applicant
        )
    assert not application.files.exists()


def test_a_draft_always_has_a_role_and_only_an_official_names_a_ministry():
    application = services.application_start(season=SeasonFactory(), applicant=applicant())
    assert application.role == "blogger"
    saved = save(application, ApplicationDraft(ministry_direction_code="health", department="Пресс-служба"))
    assert saved.role == "official" and saved.ministry_direction.code == "health"
    saved = save(
        application,
        ApplicationDraft(role="blogger", ministry_direction_code="health", department="Пресс-служба"),
    )
    assert saved.role == "blogger" and saved.ministry_direction is None
    assert saved.department == "Пресс-служба"  # typed text is kept


def test_only_an_applicant_starts_an_application():
    with pytest.raises(PermissionDenied, match="только участник, зарегистрированный как заявитель"):
        services.application_start(season=SeasonFactory(), applicant=expert())
    assert not Application.objects.exists()


def test_nothing_is_submitted_without_consent_to_processing():
    application = ready_application()
    with pytest.raises(ValidationError) as excinfo:
        submit(application, processing_consent=False)
    assert "дайте согласие на обработку" in excinfo.value.message_dict["processing_consent"][0]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_a_status_change_reason_over_the_limit_is_refused_and_nothing_changes():
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now())
    with pytest.raises(ValidationError, match="не длиннее 1000 знаков"):
        services.application_status_change(
            application_id=application.pk,
            to_status=ApplicationStatus.UNDER_REVIEW,
            changed_by=organizer(),
            reason="я" * 1001,
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and not application.status_changes.exists()
