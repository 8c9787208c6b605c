"""The response time must not tell whether an email is registered: every path of the
login and of the mail forms hashes a password as often as the others, does the same
work before the response, and sends mail only after it."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.http.response import HttpResponseBase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PASSWORD, ApplicationFactory, applicant
from tests.security.conftest import MAIL_FORMS

pytestmark = pytest.mark.django_db



@pytest.fixture
def trace(monkeypatch):
    """What happens during a request, in order: each password hash, each mail sent, and
    the moment the server closes the response (after sending it) with the number of
    queries made until then."""
    events: list[tuple] = []
    encode, send, close = MD5PasswordHasher.encode, EmailBackend.send_messages, HttpResponseBase.close
    queries = CaptureQueriesContext(connection)

    def counting_encode(self, *args, **kwargs):
        events.append(("hash",))
        return encode(self, *args, **kwargs)

    def recording_send(self, messages):
        events.append(("mail",))
        return send(self, messages)

    def recording_close(self):
        events.append(("response sent", len(queries.captured_queries)))
        return close(self)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting_encode)
    monkeypatch.setattr(EmailBackend, "send_messages", recording_send)
    monkeypatch.setattr(HttpResponseBase, "close", recording_close)
    with queries:
        yield events


def hashes(events) -> int:
    return sum(1 for event in events if event == ("hash",))


@pytest.fixture
def people():
    applicant(email="known@example.ru")
    applicant(email="waiting@example.ru", is_active=False, email_confirmed_at=None)


LOGIN_PATHS = [
    ("nobody@example.ru", PASSWORD),
    ("known@example.ru", "wrong"),
    ("waiting@example.ru", "wrong"),
    ("waiting@example.ru", PASSWORD),
]


@pytest.mark.parametrize(("email", "password"), LOGIN_PATHS)
def test_every_login_hashes_the_password_exactly_once(client, people, trace, email, password):
    response = client.post(reverse("accounts:login"), {"username": email, "password": password})

    assert response.status_code == 200
    assert hashes(trace) == 1




@pytest.mark.parametrize("form", MAIL_FORMS)
def test_mail_forms_do_the_same_before_the_response_and_mail_only_after_it(
    client, people, trace, django_capture_on_commit_callbacks, form
):
    """Known, waiting for confirmation or unknown: the same number of hashes and of
    queries before the response, and whatever mail goes out goes after it."""
    seen = []
    for email in ("known@example.ru", "waiting@example.ru", "nobody@example.ru"):
        trace.clear()
        # A page first, whose closing marks how many queries were made before the form's.
        client.get(reverse("home"))
        url, data = MAIL_FORMS[form](email)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        assert response.status_code == 302
        closes = [i for i, event in enumerate(trace) if event[0] == "response sent"]
        before, sent_at = trace[closes[-2]][1], closes[-1]
        assert ("mail",) not in trace[closes[-2] : sent_at]
        seen.append((hashes(trace), response.url, trace[sent_at][1] - before))
    assert len(set(seen)) == 1, seen
    assert len(mail.outbox) >= 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_mail_is_sent_before_the_response_anywhere(client, trace):
    """Even a message another page sends (here a withdrawal's) waits for the response,
    though its transaction commits, and tasks run inline, inside the request."""
    application = ApplicationFactory()
    client.force_login(application.applicant)

    client.post(reverse("cabinet:withdraw"), {"reason": ""})

    assert ("mail",) in trace
    assert trace.index(("mail",)) > next(i for i, e in enumerate(trace) if e[0] == "response sent")
