"""A signed-in page served again without rendering (topblog.page_cache), seen through
the cabinet: whatever the site's frame shows around the content is current on every
visit, and each browser gets forms it can submit."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus
from tests.factories import ApplicationFactory, PortalNotificationFactory
from topblog.notifications.services import notification_read_all

pytestmark = pytest.mark.django_db

HOME = reverse("cabinet:home")


def submitted(**kwargs):
    kwargs.setdefault("status", ApplicationStatus.SUBMITTED)
    return ApplicationFactory(submitted_at=timezone.now(), **kwargs)


def visit(client, path=HOME):
    response = client.get(path)
    assert response.status_code == 200
    return response


def cached(client, path=HOME):
    """The page after a first visit has kept it; the visit asserts it was not rendered."""
    visit(client, path)
    response = visit(client, path)
    assert response.templates == []
    return response.content.decode()


def token_in(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_the_unread_count_in_the_header_is_current(client):
    application = submitted()
    client.force_login(application.applicant)
    assert "Уведомления (" not in cached(client)

    PortalNotificationFactory(recipient=application.applicant)
    PortalNotificationFactory(recipient=application.applicant)
    assert "Уведомления (2)" in visit(client).content.decode()

    notification_read_all(user=application.applicant)
    html = visit(client).content.decode()
    assert "Уведомления (" not in html and "Уведомления" in html


def test_a_message_waiting_is_shown_once_then_the_kept_page_returns(client):
    application = submitted(status=ApplicationStatus.WITHDRAWN)
    client.force_login(application.applicant)
    before = cached(client)

    # A second withdrawal is refused with a message, and leaves the application as it was.
    response = client.post(reverse("cabinet:withdraw"), {"reason": "Ещё раз"}, follow=True)
    refused = response.content.decode()
    assert 'class="message message-error"' in refused
    assert 'class="message' not in before

    assert 'class="message' not in visit(client).content.decode()


def test_each_browser_gets_forms_it_can_submit():
    application = submitted()
    browsers = [Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)]
    tokens = []
    for browser in browsers:
        browser.force_login(application.applicant)
        tokens.append(token_in(cached(browser)))

    # A token is good only with the cookie it was made for: each page carries its own browser's.
    assert browsers[0].post(reverse("accounts:logout"), {"csrfmiddlewaretoken": tokens[1]}).status_code == 403
    for browser, token in zip(browsers, tokens, strict=True):
        response = browser.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
        assert response.status_code == 302
        assert browser.get(HOME).status_code == 302


def test_another_person_in_the_same_browser_gets_their_own_page(client):
    first, second = submitted(city="Тверь"), submitted(city="Кострома")
    client.force_login(first.applicant)
    assert "Тверь" in cached(client)

    client.force_login(second.applicant)
    html = visit(client).content.decode()
    assert "Кострома" in html and "Тверь" not in html


def test_the_admin_link_shows_once_the_person_is_staff(client):
    application = submitted()
    client.force_login(application.applicant)
    assert reverse("admin:index") not in cached(client)

    application.applicant.is_staff = True
    application.applicant.save()
    assert reverse("admin:index") in visit(client).content.decode()


def test_an_address_with_a_query_is_rendered_every_time_and_returned_to(client):
    application = submitted()
    client.force_login(application.applicant)
    cached(client)

    for _ in range(2):
        response = visit(client, f"{HOME}?from=mail")
        assert response.templates != []
    assert f'name="next" type="hidden" value="{HOME}?from=mail"' in response.content.decode()
