"""The programme's parts of a trainee's cabinet: the finalist's invitation on top with
its steps in the history table, the programme with the next sessions and the
certificate; each shows a change at once and nothing to anyone it does not concern."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from modules.models import Attendance
from modules.services import finalists as services
from modules.services.certificates import certificates_issue
from tests.factories import ApplicationFactory, organizer
from tests.modules.factories import ModuleFactory, SessionFactory, season_at, trainee
from tests.modules.test_finalists import published_finalists

pytestmark = pytest.mark.django_db


def cabinet(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("cabinet:home"))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_a_trainee_sees_the_programme_and_the_next_sessions(client):
    season = season_at()
    person = trainee(season)
    start = timezone.now() + timedelta(days=1)
    SessionFactory(title="Свет и звук", starts_at=start, ends_at=start + timedelta(hours=1))
    SessionFactory(title="Уже прошло")
    html = cabinet(client, person.applicant)
    assert 'id="programme-part"' in html and "Свет и звук" in html and "Уже прошло" not in html
    assert html.index('id="timeline-title"') < html.index('id="programme-part"')


def test_an_applicant_not_selected_sees_no_programme(client):
    season = season_at()
    SessionFactory()
    person = ApplicationFactory(season=season, status="not_selected", submitted_at=timezone.now())
    assert 'id="programme-part"' not in cabinet(client, person.applicant)


def test_a_new_mark_and_a_new_certificate_show_at_once(client, django_capture_on_commit_callbacks):
    season = season_at(days_in=40)
    person = trainee(season)
    module = ModuleFactory(season=season)
    session = SessionFactory(module=module)
    assert "0 из 1" in cabinet(client, person.applicant)
    Attendance.objects.create(
        session=session, application=person, present=True, source="admin", marked_at=timezone.now()
    )
    assert "1 из 1" in cabinet(client, person.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        certificates_issue(season_id=season.pk, by=organizer())
    html = cabinet(client, person.applicant)
    assert "скачать PDF" in html and "Выдано удостоверение №" in html


def test_the_invitation_leads_the_cabinet_and_each_step_is_in_its_history(client):
    _season, seated = published_finalists()
    finalist = seated[0]
    person = finalist.application.applicant
    html = cabinet(client, person)
    assert html.index('id="finalist-part"') < html.index('id="timeline-title"')
    assert "Подтвердите участие до" in html and "Приглашён в командный модуль" in html
    services.finalist_confirm(application_id=finalist.application_id, by=person)
    html = cabinet(client, person)
    assert "Подтвердите участие до" not in html and "Участие подтверждено" in html
    history = html[html.index('id="history-title"') :]
    assert "Приглашён в командный модуль" in history and "Участие подтверждено" in history
    # The organizers' draft is not the person's history.
    assert "Предложен в финалисты" not in history


def test_the_waiting_list_shows_who_is_ahead_and_a_promotion_shows_at_once(client):
    season, seated = published_finalists()
    culture = [f for f in seated if f.direction.code == "culture"]
    waiting = type(culture[0]).objects.get(season=season, direction__code="culture", status="waiting")
    person = waiting.application.applicant
    assert "Участников перед вами: 0" in cabinet(client, person)
    services.finalist_decline(application_id=culture[0].application_id, by=culture[0].application.applicant)
    assert "Подтвердите участие до" in cabinet(client, person)


def test_a_trainee_not_on_the_list_sees_no_invitation(client):
    season, _seated = published_finalists()
    assert 'id="finalist-part"' not in cabinet(client, trainee(season).applicant)
