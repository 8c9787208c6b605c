import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    PortalNotificationFactory,
    UserFactory,
    applicant,
    expert,
    ministry_curator,
    ministry_leadership,
    organizer,
)
from topblog.notifications.models import NotificationPreference
from topblog.notifications.selectors import portal_notifications, portal_unread_count
from topblog.notifications.tokens import unsubscribe_token

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")
ROLES = [applicant, expert, organizer, ministry_curator, ministry_leadership]


def test_anonymous_people_are_sent_to_log_in(client):
    for url, method in [
        (INBOX, client.get),
        (reverse("notifications:read_all"), client.post),
        (reverse("notifications:preferences"), client.post),
    ]:
        response = method(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("make_person", ROLES)
def test_every_role_sees_its_own_notifications_and_nobody_elses(client, make_person):
    person = make_person()
    mine = PortalNotificationFactory(recipient=person, subject="Моё уведомление")
    PortalNotificationFactory(subject="Чужое уведомление")
    client.force_login(person)

    response = client.get(INBOX)

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [mine]
    assert "Моё уведомление" in response.content.decode()
    assert "Чужое уведомление" not in response.content.decode()


def _inbox_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INBOX).status_code == 200
    return len(queries)


def test_inbox_query_count_does_not_grow_with_notifications(client):
    person = applicant()
    client.force_login(person)
    PortalNotificationFactory.create_batch(2, recipient=person)
    small = _inbox_queries(client)
    PortalNotificationFactory.create_batch(10, recipient=person)
    assert _inbox_queries(client) == small


def test_mark_read_and_read_all(client):
    person = applicant()
    first, second = PortalNotificationFactory.create_batch(2, recipient=person)
    client.force_login(person)
    assert client.get(INBOX).content.decode().count("Новое:</strong>") == 2

    response = client.post(reverse("notifications:read", args=[first.pk]), {"next": INBOX + "?page=1"})
    assert response.status_code == 302 and response.url == INBOX + "?page=1"
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.get(INBOX).content.decode().count("Новое:</strong>") == 1

    client.post(reverse("notifications:read_all"), {"next": "https://elsewhere.example.com/"})
    second.refresh_from_db()
    assert second.read_at is not None


def test_nobody_can_mark_another_persons_notification(client):
    other = PortalNotificationFactory()
    client.force_login(applicant())
    assert client.post(reverse("notifications:read", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None
    assert client.get(reverse("notifications:read", args=[other.pk])).status_code == 405


def test_preferences_turn_optional_mail_off_and_on(client):
    person = applicant()
    client.force_login(person)
    client.post(reverse("notifications:preferences"), {})
    assert NotificationPreference.objects.get(user=person).email_optional is False
    client.post(reverse("notifications:preferences"), {"email_optional": "on"})
    assert NotificationPreference.objects.get(user=person).email_optional is True


def test_unsubscribe_link_asks_first_then_unsubscribes_and_can_undo(client):
    person = UserFactory()
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(person.pk)])

    page = client.get(url)
    assert page.status_code == 200
    assert not NotificationPreference.objects.filter(user=person).exists()
    assert 'value="unsubscribe"' in page.content.decode()

    done = client.post(url, {"action": "unsubscribe"})
    assert done.status_code == 200
    assert NotificationPreference.objects.get(user=person).email_optional is False
    # The answer to the post already shows the choice just saved.
    assert 'value="resubscribe"' in done.content.decode()
    assert 'value="resubscribe"' in client.get(url).content.decode()

    undone = client.post(url, {"action": "resubscribe"})
    assert NotificationPreference.objects.get(user=person).email_optional is True
    assert 'value="unsubscribe"' in undone.content.decode()


def test_a_forged_or_foreign_token_is_refused(client):
    person = UserFactory()
    token = unsubscribe_token(person.pk)
    assert client.get(reverse("notifications:unsubscribe", args=[token[:-2] + "xx"])).status_code == 404
    assert (
        client.post(reverse("notifications:unsubscribe", args=[unsubscribe_token(10**9)])).status_code == 404
    )
    assert not NotificationPreference.objects.exists()


def test_bell_shows_the_unread_count_with_one_query_per_request():
    person = UserFactory()
    PortalNotificationFactory.create_batch(3, recipient=person)
    PortalNotificationFactory(recipient=person, read_at=timezone.now())
    request = RequestFactory().get("/")
    request.user = person
    template = Template('{% include "notifications/_bell.html" %}{% include "notifications/_bell.html" %}')
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"request": request, "user": person}))
    assert html.count("(3)") == 2
    assert len(queries) == 1


def test_the_unread_count_is_the_unread_part_of_the_notification_centre():
    person = UserFactory()
    PortalNotificationFactory.create_batch(2, recipient=person)
    PortalNotificationFactory(recipient=person, read_at=timezone.now())
    PortalNotificationFactory(recipient=person, state="pending", sent_at=None)
    PortalNotificationFactory(recipient=person, channel="email")
    PortalNotificationFactory()

    assert portal_unread_count(user=person) == 2
    assert portal_notifications(user=person).filter(read_at__isnull=True).count() == 2


def test_bell_is_quiet_when_nothing_is_unread():
    request = RequestFactory().get("/")
    request.user = UserFactory()
    html = Template('{% include "notifications/_bell.html" %}').render(Context({"request": request}))
    assert "Уведомления" in html and "(" not in html
