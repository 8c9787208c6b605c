from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory, applicant, expert, organizer
from topblog.accounts.models import Role
from topblog.notifications import delivery, services
from topblog.notifications.defaults import shipped_templates
from topblog.notifications.models import Broadcast, Event, MessageTemplate, OutboxMessage, OutboxState

pytestmark = pytest.mark.django_db

OUTBOX = reverse("admin:notifications_outboxmessage_changelist")


@pytest.fixture
def organizer_client(client):
    client.force_login(organizer())
    return client


@pytest.fixture
def outbox(django_capture_on_commit_callbacks):
    people = [UserFactory(email="anna@example.ru"), UserFactory(email="boris@example.ru")]
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(
            event=Event.RESULTS_PUBLISHED, recipients=people, context={"results_url": "/r/"}, occasion="s"
        )
    OutboxMessage.objects.filter(recipient=people[1], channel="email").update(
        state=OutboxState.FAILED, sent_at=None, last_error="550 no such user"
    )
    return people


@pytest.mark.parametrize("make_person", [applicant, expert])
def test_people_who_are_not_organizers_cannot_open_it(client, make_person):
    client.force_login(make_person())
    assert client.get(OUTBOX).status_code == 302


def test_outbox_lists_filters_with_counts_and_searches(organizer_client, outbox):
    page = organizer_client.get(OUTBOX).content.decode()
    assert "anna@example.ru" in page and "boris@example.ru" in page
    # Facets: the count beside each state.
    assert "Отправлено (3)" in page and "Ошибка (1)" in page

    found = organizer_client.get(OUTBOX, {"q": "anna@"}).context["cl"].result_list
    assert {m.recipient.email for m in found} == {"anna@example.ru"}
    failed = organizer_client.get(OUTBOX, {"state__exact": "failed"}).context["cl"].result_list
    assert [m.last_error for m in failed] == ["550 no such user"]


def test_outbox_list_query_count_does_not_grow(organizer_client, django_capture_on_commit_callbacks):
    counts = []
    for occasion in ("a", "b"):
        with django_capture_on_commit_callbacks(execute=True):
            services.notification_send(
                event=Event.RESULTS_PUBLISHED,
                recipients=UserFactory.create_batch(5),
                context={},
                occasion=occasion,
            )
        with CaptureQueriesContext(connection) as queries:
            organizer_client.get(OUTBOX)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_resend_failed_action_calls_the_service(organizer_client, outbox, django_capture_on_commit_callbacks):
    ids = list(OutboxMessage.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(
            OUTBOX, {"action": "resend_failed", "_selected_action": ids}, follow=True
        )
    assert "1 сообщение снова в очереди." in response.content.decode()
    assert not OutboxMessage.objects.filter(state=OutboxState.FAILED).exists()
    assert [m.to for m in mail.outbox].count(["boris@example.ru"]) == 2


def test_outbox_exports_csv(organizer_client, outbox):
    ids = list(OutboxMessage.objects.values_list("pk", flat=True))
    response = organizer_client.post(OUTBOX, {"action": "export_csv", "_selected_action": ids})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0].startswith("id;created_at;event")
    assert len(body.splitlines()) == 1 + len(ids)


def test_outbox_rows_cannot_be_added_or_edited(organizer_client, outbox):
    message = OutboxMessage.objects.first()
    assert organizer_client.get(reverse("admin:notifications_outboxmessage_add")).status_code == 403
    url = reverse("admin:notifications_outboxmessage_change", args=[message.pk])
    organizer_client.post(url, {"state": "pending"})
    message.refresh_from_db()
    assert message.state == OutboxState.SENT


def test_template_page_previews_with_sample_data(organizer_client):
    template = MessageTemplate.objects.get(event=Event.ACCOUNT_CONFIRM_EMAIL, language="en")
    page = organizer_client.get(reverse("admin:notifications_messagetemplate_change", args=[template.pk]))
    html = page.content.decode()
    assert "Confirm your email for the Ministry of Content portal" in html
    assert "https://topblog.example.ru/accounts/confirm/MTI/c5x7-2f1e9a/" in html
    assert "srcdoc=" in html and "{{ confirm_url }}" in html


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (Event.ACCOUNT_CONFIRM_EMAIL, "{{ confirm_url }}, {{ recipient_email }}, {{ site_url }}"),
        (
            Event.APPLICATION_SUBMITTED,
            "{{ name }}, {{ status }}, {{ reason }}, {{ recipient_email }}, {{ site_url }}",
        ),
        (
            Event.RESULTS_PUBLISHED,
            "{{ results_url }}, {{ recipient_email }}, {{ site_url }}",
        ),
    ],
)
def test_template_lists_what_its_mail_gets(event, expected):
    template = MessageTemplate.objects.get(event=event, language="ru")
    assert admin.site._registry[MessageTemplate].placeholders(template) == expected


def test_a_broken_template_is_refused_and_a_good_edit_saved(organizer_client):
    template = MessageTemplate.objects.get(event=Event.RESULTS_PUBLISHED, language="ru")
    url = reverse("admin:notifications_messagetemplate_change", args=[template.pk])
    data = {"subject": "Итоги {% if %}", "text": template.text, "html": template.html}
    assert "Ошибка в шаблоне" in organizer_client.post(url, data).content.decode()
    data["subject"] = "Итоги сезона"
    assert organizer_client.post(url, data).status_code == 302
    template.refresh_from_db()
    assert template.subject == "Итоги сезона"

    organizer_client.post(
        reverse("admin:notifications_messagetemplate_changelist"),
        {"action": "restore_shipped", "_selected_action": [template.pk]},
    )
    template.refresh_from_db()
    assert template.subject == shipped_templates()[Event.RESULTS_PUBLISHED, "ru"].subject


def test_organizer_starts_a_broadcast_and_watches_its_progress(
    organizer_client, django_capture_on_commit_callbacks
):
    experts = [expert(), expert()]
    applicant()
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(
            reverse("admin:notifications_broadcast_add"),
            {
                "event": Event.RESULTS_PUBLISHED,
                "occasion": "results-5",
                "audience": Role.EXPERT,
                "context": '{"results_url": "/results/"}',
            },
        )
    assert response.status_code == 302
    broadcast = Broadcast.objects.get()
    assert (broadcast.total, broadcast.fanned_out) == (2, 2)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.email for e in experts)

    listing = (
        organizer_client.get(reverse("admin:notifications_broadcast_changelist")).context["cl"].result_list
    )
    assert [(b.sent_count, b.waiting_count, b.failed_count) for b in listing] == [(4, 0, 0)]
    detail = organizer_client.get(reverse("admin:notifications_broadcast_change", args=[broadcast.pk]))
    assert detail.status_code == 200 and "results-5" in detail.content.decode()


def test_organizer_role_has_the_permissions():
    codenames = set(Group.objects.get(name=Role.ORGANIZER).permissions.values_list("codename", flat=True))
    assert {
        "view_outboxmessage",
        "change_outboxmessage",
        "add_broadcast",
        "change_messagetemplate",
    } <= codenames


def test_broadcast_list_query_count_does_not_grow(organizer_client):
    url = reverse("admin:notifications_broadcast_changelist")
    counts = []
    for occasion in ("a", "b", "c"):
        services.broadcast_create(
            event=Event.RESULTS_PUBLISHED,
            recipients=UserFactory.create_batch(2),
            context={"results_url": "/r/"},
            occasion=occasion,
        )
        with CaptureQueriesContext(connection) as queries:
            assert organizer_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[1] == counts[2]


def test_other_messages_show_their_data(organizer_client, outbox):
    message = OutboxMessage.objects.filter(event=Event.RESULTS_PUBLISHED).first()
    page = organizer_client.get(reverse("admin:notifications_outboxmessage_change", args=[message.pk]))
    assert "/r/" in page.content.decode()


def test_messages_waiting_for_a_retry_are_shown_as_such_with_their_errors(
    organizer_client, scripted_mail, settings
):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 8
    people = UserFactory.create_batch(3)
    ids = [
        m.pk
        for m in services.notification_send(
            event=Event.PASSWORD_RESET, recipients=people, context={"reset_url": "/r/"}, occasion="o"
        )
    ]
    scripted_mail.script = [ConnectionRefusedError(111, "Connection refused")]
    delivery.outbox_batch_deliver(message_ids=ids)

    page = organizer_client.get(OUTBOX).content.decode()
    # The mail server refused the first; the other two wait with it, never tried.
    assert "Ожидает повтора после ошибки (1)" in page and "Ожидает отправки (2)" in page
    assert "Ошибка (0)" in page
    assert "Повтор: попытка 2 из 8" in page and "Connection refused" in page
    retrying = organizer_client.get(OUTBOX, {"delivery": "retrying"}).context["cl"].result_list
    assert [m.pk for m in retrying] == [ids[0]]

    # The server is back: the message goes out and its failed attempt stays on record.
    delivery.outbox_batch_deliver(message_ids=ids, now=timezone.now() + timedelta(hours=1))
    sent = OutboxMessage.objects.get(pk=ids[0])
    assert (sent.state, sent.attempts) == (OutboxState.SENT, 2)
    detail = organizer_client.get(reverse("admin:notifications_outboxmessage_change", args=[sent.pk]))
    html = detail.content.decode()
    assert "Connection refused" in html and "Ошибка, будет повтор" in html


def test_a_broadcast_shows_its_errors_and_who_waits_for_a_retry(
    organizer_client, scripted_mail, django_capture_on_commit_callbacks
):
    experts = [expert(), expert(), expert()]
    with django_capture_on_commit_callbacks(execute=True):
        broadcast = services.broadcast_create(
            event=Event.RESULTS_PUBLISHED,
            recipients=experts,
            context={"results_url": "/results/"},
            occasion="errors",
        )
    emails = OutboxMessage.objects.filter(broadcast=broadcast, channel="email").order_by("pk")
    OutboxMessage.objects.filter(pk=emails[0].pk).update(
        state=OutboxState.PENDING, sent_at=None, attempts=1, last_error="SMTPServerDisconnected: gone"
    )
    OutboxMessage.objects.filter(pk=emails[1].pk).update(
        state=OutboxState.FAILED, sent_at=None, attempts=1, last_error="550 no such user"
    )

    listing = (
        organizer_client.get(reverse("admin:notifications_broadcast_changelist")).context["cl"].result_list
    )
    assert [(b.sent_count, b.waiting_count, b.retrying_count, b.failed_count) for b in listing] == [
        (4, 0, 1, 1)
    ]
    html = organizer_client.get(
        reverse("admin:notifications_broadcast_change", args=[broadcast.pk])
    ).content.decode()
    assert "SMTPServerDisconnected: gone" in html and "550 no such user" in html
    assert f"?broadcast__id__exact={broadcast.pk}&amp;delivery=retrying" in html
