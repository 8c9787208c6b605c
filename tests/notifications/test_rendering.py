import importlib
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core import mail
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.test import Client
from django.utils import translation

from tests.factories import UserFactory
from topblog.notifications import checks, defaults, services
from topblog.notifications.defaults import sample_context, shipped_templates
from topblog.notifications.message_filters import day, stage_name, when
from topblog.notifications.models import Event, MessageTemplate
from topblog.notifications.rendering import message_context, message_render, template_check

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def send(event, person, context, django_capture_on_commit_callbacks, occasion="o"):
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(event=event, recipients=[person], context=context, occasion=occasion)
    return mail.outbox[-1]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("event", Event.values)
def test_every_event_renders_in_every_language(event, language):
    person = UserFactory()
    context = message_context(
        event=event, context=sample_context(event), recipient_id=person.pk, recipient_email=person.email
    )
    rendered = message_render(texts=shipped_templates()[event, language], context=context)
    for part in (rendered.subject, rendered.text, rendered.html):
        assert part and "{{" not in part and "{%" not in part
    assert "\n" not in rendered.subject


def test_shipped_texts_were_copied_into_editable_templates():
    assert MessageTemplate.objects.count() == len(Event.values) * len(LANGUAGES)


def test_mail_comes_in_the_recipients_language(site_url, django_capture_on_commit_callbacks):
    context = {"confirm_url": "/accounts/confirm/abc/"}
    russian = send(
        Event.ACCOUNT_CONFIRM_EMAIL, UserFactory(language="ru"), context, django_capture_on_commit_callbacks
    )
    english = send(
        Event.ACCOUNT_CONFIRM_EMAIL, UserFactory(language="en"), context, django_capture_on_commit_callbacks
    )
    assert russian.subject == "Подтвердите почту для портала «Министерство контента»"
    assert english.subject == "Confirm your email for the Ministry of Content portal"
    # The link is made at delivery, absolute, so it works outside the portal.
    assert f"{site_url}/accounts/confirm/" in russian.body
    assert "Confirm email" in english.alternatives[0].content


def test_html_escapes_the_context_and_plain_text_does_not(django_capture_on_commit_callbacks):
    hostile = {"name": "<script>alert(1)</script> & Co", "status": "Подана", "reason": ""}
    message = send(Event.APPLICATION_SUBMITTED, UserFactory(), hostile, django_capture_on_commit_callbacks)
    html = message.alternatives[0].content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "<script>" not in html
    assert "<script>alert(1)</script> & Co" in message.body
    assert message.alternatives[0].mimetype == "text/html"


def test_a_newline_in_the_context_cannot_add_a_header(django_capture_on_commit_callbacks):
    context = {"count": "3\nBcc: victim@example.ru", "review_url": "/", "due_at": "2026-04-20"}
    message = send(Event.REVIEW_REMINDER, UserFactory(), context, django_capture_on_commit_callbacks)
    assert message.subject == "Осталось проверить заявок: 3 Bcc: victim@example.ru"
    assert "Bcc" not in message.message()


def test_optional_mail_carries_a_one_click_unsubscribe(django_capture_on_commit_callbacks):
    person = UserFactory()
    message = send(
        Event.RESULTS_PUBLISHED, person, {"results_url": "/r/"}, django_capture_on_commit_callbacks
    )
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body and url in message.alternatives[0].content
    # What a mail service does when the person presses its "unsubscribe" button.
    response = Client(enforce_csrf_checks=True).post(urlsplit(url).path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    person.notification_preference.refresh_from_db()
    assert person.notification_preference.email_optional is False


def test_essential_mail_has_no_unsubscribe(django_capture_on_commit_callbacks):
    message = send(
        Event.PASSWORD_RESET, UserFactory(), {"reset_url": "/r/"}, django_capture_on_commit_callbacks
    )
    assert "List-Unsubscribe" not in message.extra_headers
    assert "unsubscribe" not in message.body


def test_an_edited_template_is_used_and_a_missing_one_falls_back(django_capture_on_commit_callbacks):
    MessageTemplate.objects.filter(event=Event.RESULTS_PUBLISHED, language="ru").update(
        subject="Итоги: {{ results_url }}"
    )
    MessageTemplate.objects.filter(event=Event.RESULTS_PUBLISHED, language="en").delete()
    context = {"results_url": "/r/"}
    assert (
        send(
            Event.RESULTS_PUBLISHED, UserFactory(language="ru"), context, django_capture_on_commit_callbacks
        ).subject
        == f"Итоги: {settings.NOTIFICATIONS_SITE_URL}/r/"
    )
    english = send(
        Event.RESULTS_PUBLISHED, UserFactory(language="en"), context, django_capture_on_commit_callbacks
    )
    assert english.subject == shipped_templates()[Event.RESULTS_PUBLISHED, "en"].subject


def test_edited_templates_cannot_reach_files_on_the_server():
    template_check("{{ name|upper }}")
    with pytest.raises(TemplateSyntaxError):
        template_check("{% load static %}")
    with pytest.raises(TemplateDoesNotExist):
        message_render(
            texts=defaults.TemplateTexts(
                event="x", language="ru", subject="s", text='{% include "base.html" %}', html=""
            ),
            context={},
        )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", ["14 мая 2026 г. 19:00 МСК", "15 мая 2026 г.", "14 мая 2026 г."]),
        ("en", ["May 14, 2026, 7 p.m. MSK", "May 15, 2026", "May 14, 2026"]),
    ],
)
def test_dates_are_shown_in_the_language_and_in_moscow_time(language, expected):
    with translation.override(language):
        shown = [when("2026-05-14T16:00:00+00:00"), day("2026-05-14T23:30:00+00:00"), day("2026-05-14")]
        assert when("not a date") == "not a date"
    assert shown == expected


def test_stage_codes_are_shown_as_names():
    assert stage_name("education") == "Программа ДПО"
    assert stage_name("nonsense") == "nonsense"


def test_system_check_wants_every_event_in_every_language(monkeypatch):
    assert checks.shipped_templates_check(None) == []
    texts = dict(shipped_templates())
    del texts[Event.FINAL_AGENDA, "en"]
    monkeypatch.setattr(checks, "shipped_templates", lambda: texts)
    [error] = checks.shipped_templates_check(None)
    assert error.id == "notifications.E001" and "final_agenda" in error.msg


def test_the_certificate_mail_becomes_an_udostoverenie_unless_an_organizer_edited_it():
    migration = importlib.import_module(
        "topblog.notifications.migrations.0006_certificate_is_an_udostoverenie"
    )
    rows = {row.language: row for row in MessageTemplate.objects.filter(event="certificate_issued")}
    for language, (subject, text, html) in migration.OLD_TEXTS.items():
        rows[language].subject, rows[language].text, rows[language].html = subject, text, html
        rows[language].save()
    MessageTemplate.objects.filter(event="certificate_issued", language="en").update(text="Edited by hand")

    migration.certificate_mail_renamed(django_apps, None)

    russian = MessageTemplate.objects.get(event="certificate_issued", language="ru")
    assert "удостоверение" in russian.text.lower()
    edited = MessageTemplate.objects.get(event="certificate_issued", language="en")
    assert (edited.subject, edited.text) == (migration.OLD_TEXTS["en"][0], "Edited by hand")
