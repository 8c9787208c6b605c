"""The review API: an expert's queue, one application (blind where configured), their
review saved and submitted; the proposal for organizers. Who may call each, and the
same number of queries at any size."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from applications.models import ApplicationStatus
from applications.review import services
from applications.review.models import Review, ReviewState, Selection
from tests.applications.review.factories import (
    assigned,
    criteria,
    current_season,
    judge,
    review_settings,
    submit,
    submitted_application,
)
from tests.factories import SocialAccountFactory, applicant, expert, organizer

pytestmark = pytest.mark.django_db

S = ApplicationStatus


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


@pytest.fixture
def review_case():
    season = current_season()
    review_settings(season, blind_review=True)
    season_criteria = criteria(season)
    person = judge("culture")
    application = submitted_application("culture", status=S.UNDER_REVIEW, last_name="Снегирёва")
    SocialAccountFactory(
        application=application, platform="vk", url="https://vk.com/snegireva", followers=3100
    )
    assigned(application, person, blind=True)
    return season, season_criteria, person, application


def detail(application):
    return reverse("api:review-detail", args=[application.pk])


def test_anonymous_callers_are_refused_everywhere(api, review_case):
    _season, _criteria, _person, application = review_case
    for url in (reverse("api:review-queue"), detail(application), reverse("api:review-proposal")):
        assert api.get(url).status_code in (401, 403)


@pytest.mark.parametrize("make_user", [applicant, organizer], ids=["applicant", "organizer"])
def test_people_who_are_not_experts_get_no_queue(api, make_user, review_case):
    _season, _criteria, _person, application = review_case
    client = as_user(api, make_user())
    assert client.get(reverse("api:review-queue")).status_code == 403
    assert client.get(detail(application)).status_code == 403


def test_an_expert_gets_404_for_an_application_not_assigned_to_them(api, review_case):
    _season, season_criteria, _person, application = review_case
    client = as_user(api, judge("culture"))
    assert client.get(detail(application)).status_code == 404
    body = {"scores": {str(c.pk): 5 for c in season_criteria}}
    assert (
        client.post(reverse("api:review-submit", args=[application.pk]), body, format="json").status_code
        == 404
    )
    assert not Review.objects.exists()


def test_the_queue_lists_the_experts_own_assignments(api, review_case):
    _season, _criteria, person, application = review_case
    assigned(submitted_application("culture", status=S.UNDER_REVIEW), judge("culture"))
    data = as_user(api, person).get(reverse("api:review-queue")).json()
    assert [item["application_id"] for item in data["results"]] == [application.pk]
    assert data["results"][0]["state"] == "todo" and data["results"][0]["direction"] == "culture"


def test_a_blind_application_in_json_has_no_name_contacts_region_or_links(api, review_case):
    _season, _criteria, person, application = review_case
    response = as_user(api, person).get(detail(application))
    assert response.status_code == 200
    text = response.content.decode()
    for hidden in ("Снегирёва", application.phone, application.applicant.email, "vk.com/snegireva", "Москва"):
        assert hidden not in text, hidden
    data = response.json()
    assert data["application"]["person"] is None
    assert data["application"]["accounts"] == [{"platform": "vk", "followers": 3100, "url": None}]
    assert len(data["criteria"]) == 5 and data["review"]["state"] == "todo" and data["review"]["editable"]


def test_an_expert_saves_a_draft_and_submits_through_the_api(api, review_case):
    _season, season_criteria, person, application = review_case
    client = as_user(api, person)
    first = season_criteria[0]
    draft = client.put(
        reverse("api:review-draft", args=[application.pk]),
        {"scores": {str(first.pk): 6}, "comment": "Хорошо"},
        format="json",
    )
    assert draft.status_code == 200
    assert draft.json()["review"] == {
        **draft.json()["review"],
        "state": "draft",
        "scores": {str(first.pk): 6},
    }

    incomplete = client.post(
        reverse("api:review-submit", args=[application.pk]), {"scores": {str(first.pk): 6}}, format="json"
    )
    assert incomplete.status_code == 400
    assert f"criterion_{season_criteria[1].pk}" in incomplete.json()

    body = {"scores": {str(c.pk): 7 for c in season_criteria}, "comment": "Готово"}
    submitted = client.post(reverse("api:review-submit", args=[application.pk]), body, format="json")
    assert submitted.status_code == 200 and submitted.json()["review"]["state"] == ReviewState.SUBMITTED
    assert Review.objects.get().total == 70


def test_writing_after_publication_is_a_conflict(api, review_case):
    season, season_criteria, person, application = review_case
    Selection.objects.create(season=season, published_at=timezone.now())
    body = {"scores": {str(c.pk): 7 for c in season_criteria}}
    response = as_user(api, person).post(
        reverse("api:review-submit", args=[application.pk]), body, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "published"


def test_the_proposal_is_for_organizers_only_and_read_only(api, review_case):
    season, season_criteria, person, application = review_case
    other = judge("culture")
    assigned(application, other)
    submit(application, person, season_criteria, 8)
    submit(application, other, season_criteria, 6)
    services.selection_propose(season_id=season.pk, by=None)
    assert as_user(api, expert()).get(reverse("api:review-proposal")).status_code == 403
    client = as_user(APIClient(), organizer())
    rows = client.get(reverse("api:review-proposal")).json()["results"]
    assert rows == [
        {**rows[0], "application_id": application.pk, "rank": 1, "proposed": "selected", "final": "selected"}
    ]
    summary = client.get(reverse("api:review-proposal-summary")).json()
    assert {
        "key": ["role", "blogger"],
        "selected": 1,
        "candidates": 1,
        "target": 600,
        "short": False,
    } in summary["roles"]
    assert client.post(reverse("api:review-proposal"), {}).status_code == 405


def test_lists_make_the_same_number_of_queries_at_any_size(api, review_case):
    season, _criteria, person, _application = review_case
    # Signed in by session, as browsers and apps are: each request loads its user afresh.
    client, organizer_client = APIClient(), APIClient()
    client.force_login(person)
    organizer_client.force_login(organizer())

    def measure():
        counts = []
        for c, url in (
            (client, reverse("api:review-queue")),
            (organizer_client, reverse("api:review-proposal")),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert c.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    services.selection_propose(season_id=season.pk, by=None)
    small = measure()
    for n in range(40):
        application = submitted_application("culture", "agro", status=S.UNDER_REVIEW)
        assigned(application, person, due_in=timedelta(days=n % 3 - 1))
    services.selection_propose(season_id=season.pk, by=None)
    assert measure() == small
