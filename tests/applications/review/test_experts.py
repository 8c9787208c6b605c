"""Inviting experts (a set-password link as secret as the account mails, or the way to
the queue for someone with a password) and an expert's part of their data export."""

import re

import pytest
from django.core import mail

from applications.models import ApplicationStatus
from applications.review import services
from tests.applications.review.factories import (
    assigned,
    criteria,
    current_season,
    judge,
    review_settings,
    submit,
    submitted_application,
)
from tests.factories import UserFactory, applicant, organizer
from topblog.accounts.personal_data import personal_data_export
from topblog.notifications.models import Channel, Event, OutboxMessage
from topblog.tracks.models import Direction

pytestmark = pytest.mark.django_db


def invitation(person) -> OutboxMessage:
    [message] = OutboxMessage.objects.filter(recipient=person, event=Event.EXPERT_INVITATION)
    return message


def test_a_new_expert_gets_a_link_to_choose_a_password_kept_out_of_the_outbox(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        profile = services.expert_invite(
            email=" Ivan@Example.RU ",
            first_name="Иван",
            directions=Direction.objects.filter(code="health"),
            invited_by=organizer(),
        )
    message = invitation(profile.user)
    assert profile.user.email == "ivan@example.ru"
    assert message.channel == Channel.EMAIL
    assert message.context == {"name": "Иван", "directions": "Здравоохранение"}
    [sent] = mail.outbox
    link = re.search(r"https?://\S+/review/invitation/\S+/", sent.body).group(0)
    assert link in sent.alternatives[0][0] and "Войти в экспертизу" in sent.alternatives[0][0]
    # What is kept, for organizers and the person's data export, has the link replaced.
    assert "/review/invitation/" not in message.body and "[ссылка скрыта]" in message.body


def test_someone_with_a_password_is_shown_the_way_to_the_queue_instead(django_capture_on_commit_callbacks):
    person = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.expert_invite(
            email=person.email, directions=Direction.objects.filter(code="agro"), invited_by=None
        )
    assert invitation(person).context["directions"] == "Agrotechnologies"
    [sent] = mail.outbox
    assert "You are invited to be an expert" in sent.subject
    assert "/review/invitation/" not in sent.body and re.search(r"https?://\S+/review/\s", sent.body)


def test_an_experts_data_export_holds_their_profile_and_reviews():
    season = current_season()
    review_settings(season)
    season_criteria = criteria(season)
    person = judge("culture")
    application = submitted_application("culture", status=ApplicationStatus.UNDER_REVIEW)
    assigned(application, person)
    submit(application, person, season_criteria, 6, comment="Хороший портфель")
    data = personal_data_export(person)["review"]
    assert data["profile"]["directions"] == ["culture"]
    assert data["reviews"] == [
        {**data["reviews"][0], "application_id": application.pk, "comment": "Хороший портфель"}
    ]
    assert data["reviews"][0]["scores"]["Мотивация"] == 6
    # An applicant's export carries no one's scores of them.
    assert personal_data_export(application.applicant)["review"] is None
    assert personal_data_export(applicant())["review"] is None
