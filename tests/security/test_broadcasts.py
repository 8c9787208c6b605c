"""A broadcast offers only events meant for broadcasting, fills exactly their
placeholders with links to the portal only, and has no default audience."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import UserFactory, expert
from topblog.accounts.models import Role
from topblog.notifications import services
from topblog.notifications.models import Broadcast, Event

pytestmark = pytest.mark.django_db

ADD = reverse("admin:notifications_broadcast_add")



def start(client, capture, **changes):
    data = {
        "event": Event.RESULTS_PUBLISHED,
        "occasion": "results-5",
        "audience": Role.EXPERT,
        "context": '{"results_url": "/results/"}',
        **changes,
    }
    with capture(execute=True):
        return client.post(ADD, data)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"event": Event.PASSWORD_RESET, "context": '{"reset_url": "https://evil.example/"}'}, "event"),
        ({"event": Event.APPLICATION_SUBMITTED, "context": '{"name": "x"}'}, "event"),
        ({"context": "{}"}, "Не заполнено: results_url"),
        ({"context": '{"results_url": ""}'}, "results_url — заполните текстом"),
        ({"context": '{"results_url": "/r/", "extra": "x"}'}, "Такого в этом сообщении нет: extra"),
        ({"context": '{"results_url": "https://evil.example/login"}'}, "ссылка на страницу портала"),
        ({"context": '{"results_url": "//evil.example/"}'}, "ссылка на страницу портала"),
        ({"context": "[1, 2]"}, "объект JSON"),
        ({"context": "[" * 50_000 + "]" * 50_000}, "вложенность"),
        ({"audience": ""}, "audience"),
    ],
)
def test_a_broadcast_that_would_send_the_wrong_thing_is_a_form_error(
    organizer_client, django_capture_on_commit_callbacks, changes, expected
):
    expert()

    response = start(organizer_client, django_capture_on_commit_callbacks, **changes)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert expected in form.errors or expected in str(form.errors)
    assert not Broadcast.objects.exists()
    assert mail.outbox == []


def test_the_form_offers_only_broadcast_events_and_no_default_audience(organizer_client):
    form = organizer_client.get(ADD).context["adminform"].form

    events = {value for value, _label in form.fields["event"].choices if value}
    assert Event.PASSWORD_RESET not in events and Event.ACCOUNT_CONFIRM_EMAIL not in events
    assert Event.RESULTS_PUBLISHED in events
    assert form.fields["audience"].choices[0][0] == ""
    assert form["audience"].value() in (None, "")


def test_a_right_broadcast_goes_to_the_chosen_audience(organizer_client, django_capture_on_commit_callbacks):
    experts = [expert(), expert()]
    UserFactory()

    response = start(organizer_client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.email for e in experts)


def test_the_service_refuses_it_too():
    with pytest.raises(ValidationError):
        services.broadcast_create(
            event=Event.PASSWORD_RESET, recipients=[], context={"reset_url": "/x/"}, occasion="o"
        )
    with pytest.raises(ValidationError):
        services.broadcast_create(event=Event.FINAL_AGENDA, recipients=[], context={}, occasion="o")
