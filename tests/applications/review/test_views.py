"""The expert's workspace: who may open it, blind review in the page and the files,
the scoring form's draft and submission, the queue's tabs, and the same number of
queries however many applications there are."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus, ReviewAssignment
from applications.review.models import ExpertProfile, Review, ReviewState, Selection
from tests.applications.review.factories import (
    assigned,
    criteria,
    current_season,
    judge,
    review_settings,
    submit,
    submitted_application,
)
from tests.factories import (
    ContentLinkFactory,
    PortfolioFileFactory,
    SocialAccountFactory,
    applicant,
    expert,
    organizer,
)

pytestmark = pytest.mark.django_db

S = ApplicationStatus
NAME, PHONE = "Воробьёва", "+79161112233"


def page(application) -> str:
    return reverse("review:application", args=[application.pk])


@pytest.fixture
def workspace():
    """An expert with one application to review: a blogger with an account, a content
    link, a work file named after herself and a parent's consent."""
    season = current_season()
    review_settings(season, blind_review=True)
    season_criteria = criteria(season)
    person = judge("culture")
    application = submitted_application("culture", status=S.UNDER_REVIEW, last_name=NAME, phone=PHONE)
    SocialAccountFactory(application=application, url="https://t.me/vorobyova_live", followers=48_210)
    ContentLinkFactory(application=application, url="https://t.me/vorobyova_live/77")
    work = PortfolioFileFactory(application=application, original_name="Воробьёва_портфолио.pdf")
    consent = PortfolioFileFactory(
        application=application, kind="parent_consent", original_name="согласие.pdf"
    )
    assignment = assigned(application, person, blind=True)
    return {
        "person": person,
        "application": application,
        "criteria": season_criteria,
        "work": work,
        "consent": consent,
        "assignment": assignment,
    }


# --- access


@pytest.mark.parametrize("name", ["review:queue", "review:next"])
def test_anonymous_people_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "make_user", [applicant, organizer, expert], ids=["applicant", "organizer", "no-profile"]
)
def test_only_experts_open_the_workspace(client, make_user, workspace):
    person = make_user()
    client.force_login(person)
    expected = 200 if make_user is expert else 403
    assert client.get(reverse("review:queue")).status_code == expected
    assert client.get(page(workspace["application"])).status_code in (403, 404)


def test_an_expert_taken_off_the_review_is_refused(client, workspace):
    ExpertProfile.objects.filter(user=workspace["person"]).update(is_active=False)
    client.force_login(workspace["person"])
    assert client.get(reverse("review:queue")).status_code == 403


def test_an_application_not_assigned_or_no_longer_assigned_is_404(client, workspace):
    other = judge("culture")
    client.force_login(other)
    assert client.get(page(workspace["application"])).status_code == 404
    assert client.get(reverse("applications:file", args=[workspace["work"].pk])).status_code == 404
    client.force_login(workspace["person"])
    assert client.get(page(workspace["application"])).status_code == 200
    ReviewAssignment.objects.update(cancelled_at=timezone.now())
    assert client.get(page(workspace["application"])).status_code == 404
    assert client.get(reverse("applications:file", args=[workspace["work"].pk])).status_code == 404


# --- blind review


def test_a_blind_page_shows_the_portfolio_and_nothing_that_names_the_person(client, workspace):
    client.force_login(workspace["person"])
    html = client.get(page(workspace["application"])).content.decode()
    for hidden in (
        NAME,
        PHONE,
        workspace["application"].applicant.email,
        "Москва",
        "t.me/vorobyova_live",
        "Воробьёва_портфолио",
        "согласие.pdf",
    ):
        assert hidden not in html, hidden
    assert "48210" in html and f"portfolio-{workspace['work'].pk}.pdf" in html
    assert 'id="blind-notice"' in html


def test_an_open_review_shows_the_person(client, workspace):
    ReviewAssignment.objects.update(blind=False)
    client.force_login(workspace["person"])
    html = client.get(page(workspace["application"])).content.decode()
    assert (
        NAME in html
        and PHONE in html
        and "t.me/vorobyova_live/77" in html
        and "Воробьёва_портфолио.pdf" in html
    )


def test_files_reach_a_blind_expert_under_a_neutral_name_and_never_the_parents_consent(client, workspace):
    client.force_login(workspace["person"])
    response = client.get(reverse("applications:file", args=[workspace["work"].pk]))
    assert response.status_code == 200
    assert f'filename="portfolio-{workspace["work"].pk}.pdf"' in response["Content-Disposition"]
    assert client.get(reverse("applications:file", args=[workspace["consent"].pk])).status_code == 404
    # The owner still gets her own name.
    client.force_login(workspace["application"].applicant)
    owner = client.get(reverse("applications:file", args=[workspace["work"].pk]))
    assert "portfolio.pdf" in owner["Content-Disposition"] or "filename*" in owner["Content-Disposition"]


# --- scoring


def form_data(season_criteria, value, action, comment=""):
    data = {f"criterion_{c.pk}": value for c in season_criteria}
    return {**data, "comment": comment, "action": action}


def test_a_draft_is_kept_and_a_submission_opens_the_next_application(client, workspace):
    person, application = workspace["person"], workspace["application"]
    following = submitted_application("culture", status=S.UNDER_REVIEW)
    assigned(following, person, due_in=timedelta(days=9))
    client.force_login(person)

    partial = {f"criterion_{workspace['criteria'][0].pk}": 7, "comment": "Черновик", "action": "save"}
    response = client.post(page(application), partial)
    assert response.status_code == 302 and response.url == page(application)
    review = Review.objects.get(assignment=workspace["assignment"])
    assert review.state == ReviewState.DRAFT and review.comment == "Черновик"

    response = client.post(page(application), form_data(workspace["criteria"], 8, "submit", "Отлично"))
    assert response.status_code == 302
    assert client.get(response.url).url == page(following)
    review.refresh_from_db()
    assert review.state == ReviewState.SUBMITTED and review.total == 80


def test_a_submission_missing_a_score_shows_the_errors_by_criterion(client, workspace):
    client.force_login(workspace["person"])
    data = form_data(workspace["criteria"], 5, "submit")
    del data[f"criterion_{workspace['criteria'][-1].pk}"]
    response = client.post(page(workspace["application"]), data)
    assert response.status_code == 400
    assert "Поставьте балл по критерию «Мотивация»" in response.content.decode()
    assert not Review.objects.filter(state=ReviewState.SUBMITTED).exists()


def test_after_the_due_date_a_submitted_review_is_read_only(client, workspace):
    submit(workspace["application"], workspace["person"], workspace["criteria"], 6)
    ReviewAssignment.objects.update(due_at=timezone.now() - timedelta(hours=1))
    client.force_login(workspace["person"])
    html = client.get(page(workspace["application"])).content.decode()
    assert "Отправить изменения" not in html and "изменить уже нельзя" in html
    response = client.post(page(workspace["application"]), form_data(workspace["criteria"], 2, "submit"))
    assert response.status_code == 302
    assert Review.objects.get().total == 60


def test_nothing_is_editable_once_the_selection_is_published(client, workspace):
    Selection.objects.create(season=current_season(), published_at=timezone.now())
    client.force_login(workspace["person"])
    html = client.get(page(workspace["application"])).content.decode()
    assert "Отправить оценку" not in html and "disabled" in html


# --- the queue


def test_the_queue_has_to_do_overdue_and_done_tabs_and_a_next_button(client, workspace):
    person = workspace["person"]
    late = submitted_application("culture", status=S.UNDER_REVIEW)
    assigned(late, person, due_in=timedelta(days=-1))
    done = submitted_application("culture", status=S.UNDER_REVIEW)
    assigned(done, person)
    submit(done, person, workspace["criteria"], 5)
    client.force_login(person)

    todo = client.get(reverse("review:queue"))
    assert [a.application_id for a in todo.context["page"].object_list] == [
        late.pk,
        workspace["application"].pk,
    ]
    assert (todo.context["counts"].todo, todo.context["counts"].overdue, todo.context["counts"].done) == (
        2,
        1,
        1,
    )
    assert reverse("review:next") in todo.content.decode()
    overdue = client.get(reverse("review:queue"), {"show": "overdue"})
    assert [a.application_id for a in overdue.context["page"].object_list] == [late.pk]
    assert [
        a.application_id
        for a in client.get(reverse("review:queue"), {"show": "done"}).context["page"].object_list
    ] == [done.pk]
    # Blind: the queue shows numbers, not names.
    assert NAME not in todo.content.decode()
    assert client.get(reverse("review:next")).url == page(late)


def test_the_next_button_with_nothing_left_returns_to_the_queue(client):
    client.force_login(judge("culture"))
    assert client.get(reverse("review:next")).url == reverse("review:queue")


# --- the same number of queries at any size


def queue_of(person, count, season_criteria):
    for n in range(count):
        application = submitted_application("culture", "agro", status=S.UNDER_REVIEW)
        SocialAccountFactory(application=application)
        assigned(application, person, due_in=timedelta(days=n % 5 - 2))
        # Every third reviewed; the last one, whose page is measured, never (10 and 300 alike).
        if n % 3 == 1:
            submit(application, person, season_criteria, n % 10)
    return application


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_of",
    [
        lambda a: reverse("review:queue"),
        lambda a: reverse("review:queue") + "?show=done",
        lambda a: reverse("review:queue") + "?show=overdue",
        lambda a: page(a),
    ],
    ids=["queue", "done", "overdue", "scoring"],
)
def test_pages_make_the_same_number_of_queries_at_10_and_at_300_applications(client, url_of):
    season = current_season()
    review_settings(season)
    season_criteria = criteria(season)
    small_expert, large_expert = judge("culture"), judge("culture")
    small_last = queue_of(small_expert, 10, season_criteria)
    client.force_login(small_expert)
    small = count_queries(client, url_of(small_last))
    large_last = queue_of(large_expert, 300, season_criteria)
    client.force_login(large_expert)
    assert count_queries(client, url_of(large_last)) == small


def test_the_scoring_page_keeps_its_queries_with_many_files_and_accounts(client, workspace):
    submit(workspace["application"], workspace["person"], workspace["criteria"], 5)
    client.force_login(workspace["person"])
    before = count_queries(client, page(workspace["application"]))
    for _ in range(4):
        SocialAccountFactory(application=workspace["application"])
        PortfolioFileFactory(application=workspace["application"])
    assert count_queries(client, page(workspace["application"])) == before


def test_an_expert_in_the_cabinet_finds_the_way_to_their_queue(client):
    client.force_login(judge("culture"))
    assert reverse("review:queue") in client.get(reverse("cabinet:home")).content.decode()
    client.force_login(organizer())
    assert reverse("review:queue") not in client.get(reverse("cabinet:home")).content.decode()
