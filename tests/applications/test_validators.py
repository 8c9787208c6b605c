"""Validators: Russian messages around the rules, and uploads checked by content."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from applications import validators
from applications.drafts import ApplicationDraft
from applications.rules import IdeaRow, Problem, SocialAccountRow
from tests.factories import SMALL_PDF, image_bytes


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def message_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def test_phone_validate_returns_the_normalized_number():
    assert validators.phone_validate("8 912 345-67-89") == "+79123456789"


def test_phone_validate_says_what_is_wrong_in_russian():
    with pytest.raises(ValidationError) as excinfo:
        validators.phone_validate("12-34")
    assert "Телефон указан неверно" in message_of(excinfo)
    assert excinfo.value.code == "phone_invalid"


def test_social_url_of_another_platform_names_the_platform_and_its_hosts():
    with pytest.raises(ValidationError) as excinfo:
        validators.social_url_validate("https://t.me/maria", "vk")
    text = message_of(excinfo)
    assert "ВКонтакте" in text and "vk.com" in text and "vk.ru" in text
    assert excinfo.value.code == "url_platform"
    validators.social_url_validate("https://vk.com/maria", "vk")


def test_followers_cannot_be_negative():
    with pytest.raises(ValidationError) as excinfo:
        validators.followers_validate(-5)
    assert message_of(excinfo) == "Число подписчиков не может быть отрицательным."
    validators.followers_validate(0)


def test_content_links_are_web_pages_only():
    validators.content_url_validate("https://vk.com/wall-1_2")
    with pytest.raises(ValidationError):
        validators.content_url_validate("javascript:alert(1)")


def test_birth_date_in_the_future_or_absurd_is_refused():
    with pytest.raises(ValidationError, match="в будущем"):
        validators.birth_date_validate(timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError, match="год рождения"):
        validators.birth_date_validate(date(1900, 1, 1))


@pytest.mark.parametrize(
    ("image_format", "content_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")],
)
def test_images_are_recognized_by_content_whatever_their_name(image_format, content_type):
    assert validators.upload_validate(upload("без расширения", image_bytes(image_format))) == content_type


def test_a_pdf_is_recognized_by_header_and_trailer():
    assert validators.upload_validate(upload("work.bin", SMALL_PDF)) == "application/pdf"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", b"MZ\x90\x00 this is a Windows program"),  # an .exe named .png
        ("doc.pdf", b"%PDF-1.4\n truncated, no trailer"),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("anim.png", image_bytes("GIF")),  # an image, but not an accepted format
        ("cut.png", image_bytes("PNG", (64, 64))[:60]),  # a truncated image
    ],
)
def test_wrong_type_is_refused_by_content(name, content):
    with pytest.raises(ValidationError) as excinfo:
        validators.upload_validate(upload(name, content, "image/png"))
    assert excinfo.value.code == "file_type"
    assert f"Файл «{name}» не подходит" in message_of(excinfo)
    assert "JPEG, PNG или WebP либо документ PDF" in message_of(excinfo)


def test_a_file_over_the_limit_is_refused_with_both_sizes(settings):
    settings.APPLICATION_UPLOAD_MAX_BYTES = 1024
    big = SMALL_PDF + b"0" * 2048
    with translation.override("ru"), pytest.raises(ValidationError) as excinfo:
        validators.upload_validate(upload("big.pdf", big))
    assert excinfo.value.code == "file_too_big"
    assert "слишком большой" in message_of(excinfo)
    assert "можно не больше 1,0\xa0КБ" in message_of(excinfo)


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="пустой"):
        validators.upload_validate(upload("empty.pdf", b""))


def test_problem_messages_name_the_ages():
    kwargs = {"min_age": 14, "adult_age": 18}
    assert (
        validators.problem_message(Problem("birth_date", "too_young"), **kwargs)
        == "Подать заявку можно с 14 лет."
    )
    assert "младше 18 лет" in validators.problem_message(Problem("parent_consent", "required"), **kwargs)
    assert "3" in validators.problem_message(Problem("files", "too_many"), **kwargs)
    error = validators.problems_error([Problem("phone", "invalid"), Problem("ideas", "required")], **kwargs)
    assert set(error.message_dict) == {"phone", "ideas"}


def test_every_problem_the_rules_can_report_has_a_message():
    for field, code in validators.PROBLEM_MESSAGES:
        text = validators.problem_message(Problem(field, code), min_age=14, adult_age=18)
        assert "%(" not in text and text != "Проверьте это поле."


def test_draft_validate_accepts_an_empty_draft_and_checks_what_is_filled():
    validators.draft_validate(ApplicationDraft())
    bad = ApplicationDraft(
        role="pirate",
        phone="123",
        birth_date=timezone.localdate() + timedelta(days=3),
        social_accounts=[SocialAccountRow("vk", "https://t.me/x", -1)],
        content_links=["javascript:alert(1)"],
        ideas=[IdeaRow("x" * 201, "")],
        direction_codes=["science", "science"],
        motivation="м" * 2001,
    )
    with pytest.raises(ValidationError) as excinfo:
        validators.draft_validate(bad)
    expected = {"role", "phone", "birth_date", "social_accounts", "content_links", "ideas", "directions"}
    assert set(excinfo.value.message_dict) == expected | {"motivation"}
