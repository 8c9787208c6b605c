"""The review in the organizers' admin: who may open it; inviting an expert (and the
link kept secret in the outbox admin); the settings with criteria and minimums, the
assign action and the progress page; the ranking page with its counts, override,
publication and XLSX; the applications list's score columns."""

import io
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from kombu.exceptions import OperationalError
from openpyxl import load_workbook

from applications.models import ApplicationStatus, ReviewAssignment
from applications.review import services, tasks
from applications.review.models import ExpertProfile, ReviewSettings, SelectionDecision
from applications.review.selectors import criteria_of
from tests.applications.review.factories import (
    assigned,
    criteria,
    current_season,
    judge,
    review_settings,
    submit,
    submitted_application,
)
from tests.factories import applicant, expert, organizer
from topblog.accounts.models import Role, User
from topblog.notifications.models import Event, OutboxMessage

pytestmark = pytest.mark.django_db

S = ApplicationStatus
CHANGELISTS = [
    "admin:review_reviewsettings_changelist",
    "admin:review_expertprofile_changelist",
    "admin:applications_reviewassignment_changelist",
    "admin:review_selectiondecision_changelist",
    "admin:review_selectiondecision_export",
    "admin:review_selectiondecision_publish",
]


@pytest.fixture
def staff(client):
    client.force_login(organizer())
    return client


def reviewed_season(count=3):
    """A season whose applications two experts reviewed, the proposal computed."""
    season = current_season()
    review_settings(season)
    season_criteria = criteria(season)
    first, second = judge("culture"), judge("culture")
    made = []
    for n in range(count):
        application = submitted_application("culture", status=S.UNDER_REVIEW, last_name=f"Участник{n}")
        for person in (first, second):
            assigned(application, person)
            submit(application, person, season_criteria, n % 11)
        made.append(application)
    services.selection_propose(season_id=season.pk, by=None)
    return season, made


# --- access


@pytest.mark.parametrize("person", [applicant, expert, None], ids=["applicant", "expert", "anonymous"])
@pytest.mark.parametrize("name", CHANGELISTS)
def test_only_organizers_get_in(client, person, name):
    current_season()
    if person is not None:
        client.force_login(person())
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("name", CHANGELISTS[:4])
def test_organizers_see_every_list(staff, name):
    reviewed_season()
    assert staff.get(reverse(name)).status_code == 200


# --- experts


def test_inviting_an_expert_mails_a_link_the_outbox_admin_never_shows(
    staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("admin:review_expertprofile_add"),
            {
                "email": "Olga.Expert@Example.ru",
                "last_name": "Петрова",
                "first_name": "Ольга",
                "directions": [1, 2],
                "ministry": "",
                "organization": "МГУ",
            },
        )
    assert response.status_code == 302
    person = User.objects.get(email="olga.expert@example.ru")
    assert person.has_role(Role.EXPERT) and not person.has_usable_password()
    assert person.expert_profile.directions.count() == 2
    [message] = OutboxMessage.objects.filter(recipient=person, event=Event.EXPERT_INVITATION)
    assert message.channel == "email"
    detail = staff.get(
        reverse("admin:notifications_outboxmessage_change", args=[message.pk])
    ).content.decode()
    assert "/review/invitation/" not in detail and "[ссылка скрыта]" in detail
    assert "/review/invitation/" in mail.outbox[-1].body


def test_the_invitation_link_sets_a_password_and_lands_in_the_queue_once(
    client, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            reverse("admin:review_expertprofile_add"),
            {
                "email": "new.expert@example.ru",
                "directions": [1],
                "ministry": "",
                "organization": "",
            },
        )
    link = re.search(r"https?://[^\s]+/review/invitation/[^\s]+", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200 and "Задайте пароль" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Ekspert-Senezh-2026", "new_password2": "Ekspert-Senezh-2026"},
    )
    assert done.status_code == 302 and done.url == reverse("review:queue")
    person = User.objects.get(email="new.expert@example.ru")
    assert person.email_confirmed_at is not None and person.check_password("Ekspert-Senezh-2026")
    assert client.get(reverse("review:queue")).status_code == 200
    client.logout()
    assert "Ссылка не действует" in client.get("/" + path, follow=True).content.decode()


def test_inviting_someone_already_an_expert_is_refused(staff):
    person = judge("culture")
    response = staff.post(
        reverse("admin:review_expertprofile_add"), {"email": person.email, "directions": [1]}
    )
    assert response.status_code == 200 and "уже эксперт" in response.content.decode()


def test_the_deactivate_action_hands_work_over(staff):
    season = current_season()
    review_settings(season)
    leaving, spare = judge("culture"), judge("culture")
    application = submitted_application("culture", status=S.UNDER_REVIEW)
    assigned(application, leaving)
    staff.post(
        reverse("admin:review_expertprofile_changelist"),
        {
            "action": "deactivate",
            ACTION_CHECKBOX_NAME: [leaving.pk],
        },
    )
    assert not ExpertProfile.objects.get(pk=leaving.pk).is_active
    assert ReviewAssignment.objects.filter(application=application, expert=spare).exists()


def test_the_experts_list_counts_work_without_a_query_per_row(staff):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff.get(reverse("admin:review_expertprofile_changelist")).status_code == 200
        return len(captured)

    reviewed_season(2)
    small = queries()
    for _ in range(15):
        assigned(submitted_application("culture", status=S.UNDER_REVIEW), judge("culture", "agro"))
    assert queries() == small


# --- settings, assignment, progress


def test_minimums_beyond_the_quota_are_refused_in_the_settings_form(staff):
    season = current_season()
    settings = review_settings(season)
    url = reverse("admin:review_reviewsettings_change", args=[settings.pk])
    data = {
        "reviewers_per_application": 2,
        "due_days": 7,
        "disagreement_threshold": 1.5,
        "comparable_after": 5,
        "criteria-TOTAL_FORMS": 0,
        "criteria-INITIAL_FORMS": 0,
        "minimums-TOTAL_FORMS": 2,
        "minimums-INITIAL_FORMS": 0,
        "minimums-0-role": "official",
        "minimums-0-direction": 1,
        "minimums-0-minimum": 60,
        "minimums-1-role": "official",
        "minimums-1-direction": 2,
        "minimums-1-minimum": 50,
    }
    response = staff.post(url, data)
    assert response.status_code == 200 and "больше её квоты" in response.content.decode()
    data["minimums-1-minimum"] = 40
    assert staff.post(url, data).status_code == 302
    assert settings.minimums.count() == 2


def test_the_assign_action_and_the_progress_page(staff):
    season = current_season()
    review_settings(season)
    judge("culture"), judge("culture")
    application = submitted_application("culture")
    response = staff.post(
        reverse("admin:review_reviewsettings_changelist"),
        {
            "action": "assign_experts",
            ACTION_CHECKBOX_NAME: [season.pk],
        },
        follow=True,
    )
    assert "Новых назначений: 2" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.UNDER_REVIEW
    progress = staff.get(reverse("admin:review_reviewsettings_progress", args=[season.pk]))
    assert progress.status_code == 200
    assert progress.context["totals"] == {"assigned": 2, "done": 0, "overdue": 0}
    assert [row.label for row in progress.context["by_direction"]] == ["Культура и креативные индустрии"]


# --- the ranking page


def test_the_ranking_page_shows_counts_and_the_proposal(staff):
    _season, made = reviewed_season()
    response = staff.get(reverse("admin:review_selectiondecision_changelist"))
    html = response.content.decode()
    assert 'id="selection-state"' in html and "Пересчитать предложение" in html
    assert [d.application_id for d in response.context["cl"].result_list] == [m.pk for m in reversed(made)]
    [bloggers] = [row for row in response.context["tally"]["roles"] if row["line"].key == ("role", "blogger")]
    assert (bloggers["line"].selected, bloggers["line"].target) == (3, 600)


def test_the_ranking_page_makes_the_same_number_of_queries_at_any_size(staff):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff.get(reverse("admin:review_selectiondecision_changelist")).status_code == 200
        return len(captured)

    season, _made = reviewed_season(3)
    small = queries()
    first, second = judge("agro"), judge("agro")
    existing = criteria_of(season_id=season.pk)
    for n in range(40):
        application = submitted_application("agro", status=S.UNDER_REVIEW)
        for person in (first, second):
            assigned(application, person)
            submit(application, person, existing, n % 11)
    services.selection_propose(season_id=season.pk, by=None)
    assert queries() == small


def test_an_override_needs_a_reason_then_publishing_tells_everyone(staff, django_capture_on_commit_callbacks):
    season, (low, middle, high) = reviewed_season()
    season.bloggers_quota = 2
    season.save()
    services.selection_propose(season_id=season.pk, by=None)
    url = reverse("admin:review_selectiondecision_override", args=[low.pk])
    refused = staff.post(url, {"decision": "selected", "reason": ""})
    assert refused.status_code == 200 and "Напишите, почему" in refused.content.decode()
    assert staff.post(url, {"decision": "selected", "reason": "Единственный из региона"}).status_code == 302
    assert SelectionDecision.objects.get(pk=low.pk).final == "selected"

    confirm = staff.get(reverse("admin:review_selectiondecision_publish"), {"season": season.pk})
    assert confirm.status_code == 200 and confirm.context["refusal"] is None
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("admin:review_selectiondecision_publish"), {"season": season.pk})
    statuses = dict(season.applications.values_list("pk", "status"))
    assert statuses == {low.pk: S.SELECTED, middle.pk: S.SELECTED, high.pk: S.SELECTED}
    assert OutboxMessage.objects.filter(event=Event.SELECTION_RESULT, channel="email").count() == 3


def test_the_ranking_exports_to_xlsx(staff):
    _season, made = reviewed_season()
    response = staff.get(reverse("admin:review_selectiondecision_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("место", "id", "ФИО")
    assert [row[1] for row in rows[1:]] == [m.pk for m in reversed(made)]


def test_the_applications_list_shows_score_disagreement_and_reviews_done(staff):
    _season, made = reviewed_season()
    response = staff.get(reverse("admin:applications_application_changelist"))
    rows = {a.pk: a for a in response.context["cl"].result_list}
    assert rows[made[0].pk].done == 2 and rows[made[0].pk].score < rows[made[2].pk].score
    assert rows[made[0].pk].disagreement == pytest.approx(0)
    assert "Расхожд." in response.content.decode()


def test_settings_saved_in_the_admin_exist_for_the_season(staff):
    season = current_season()
    response = staff.post(
        reverse("admin:review_reviewsettings_add"),
        {
            "season": season.pk,
            "reviewers_per_application": 3,
            "due_days": 5,
            "disagreement_threshold": 1.2,
            "comparable_after": 4,
            "criteria-TOTAL_FORMS": 0,
            "criteria-INITIAL_FORMS": 0,
            "minimums-TOTAL_FORMS": 0,
            "minimums-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    assert ReviewSettings.objects.get(season=season).reviewers_per_application == 3


def test_publishing_when_the_broker_refuses_tells_the_organizer_instead_of_failing(staff, monkeypatch):
    season, _made = reviewed_season()
    services.selection_propose(season_id=season.pk, by=None)

    def broker_refuses(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.selection_publish_task, "apply_async", broker_refuses)
    url = reverse("admin:review_selectiondecision_publish")
    response = staff.post(url, {"season": season.pk}, follow=True)

    assert response.status_code == 200
    assert "Публикация не запущена: очередь задач недоступна" in response.content.decode()
    assert season.selection.published_at is None
