"""The programme in the API: the public schedule for anyone, a trainee's own sessions,
assignments, certificate and finalist standing for them alone (404 to anyone else),
with the same number of queries at any size."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from modules.models import Submission
from tests.factories import applicant, expert, organizer
from tests.modules.factories import AssignmentFactory, ModuleFactory, SessionFactory, season_at, trainee
from tests.modules.queries import assert_same_queries
from tests.modules.test_finalists import published_finalists

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_the_public_schedule_lists_public_sessions_to_anyone(api):
    season_at()
    SessionFactory(title="Открытая лекция", is_public=True)
    SessionFactory(title="Закрытое")
    data = api.get(reverse("api:schedule")).json()
    assert [s["title"] for s in data["results"]] == ["Открытая лекция"]


@pytest.mark.parametrize("name", ["my-sessions", "my-assignments", "my-certificate", "my-finalist"])
@pytest.mark.parametrize("who", ["anonymous", "applicant", "expert", "organizer"])
def test_a_trainees_endpoints_answer_no_one_else(api, name, who):
    season_at()
    if who != "anonymous":
        api.force_authenticate({"applicant": applicant, "expert": expert, "organizer": organizer}[who]())
    assert api.get(reverse(f"api:{name}")).status_code == (403 if who == "anonymous" else 404)


def test_my_sessions_and_assignments_are_mine(api):
    season = season_at()
    person, other = trainee(season), trainee(season)
    task = AssignmentFactory(module=ModuleFactory(season=season), max_score=10)
    now = timezone.now()
    Submission.objects.create(
        assignment=task,
        application=person,
        link="https://vk.com/mine",
        submitted_at=now,
        score=7,
        graded_at=now,
        feedback="Хорошо",
    )
    Submission.objects.create(
        assignment=task, application=other, link="https://vk.com/theirs", submitted_at=now
    )
    SessionFactory(title="Для всех")
    api.force_authenticate(person.applicant)
    assert [s["title"] for s in api.get(reverse("api:my-sessions")).json()["results"]] == ["Для всех"]
    (state,) = api.get(reverse("api:my-assignments")).json()["results"]
    assert state["submission"]["link"] == "https://vk.com/mine" and state["submission"]["score"] == 7
    assert state["passed"] is True


@pytest.mark.parametrize(
    ("name", "signed_in", "at_most"),
    [("schedule", False, 3), ("my-sessions", True, 6), ("my-assignments", True, 8)],
)
def test_list_endpoints_cost_the_same_queries_at_any_size(
    api, django_assert_num_queries, name, signed_in, at_most
):
    season = season_at()
    person = trainee(season)
    module = ModuleFactory(season=season)

    def grow(count: int) -> None:
        for _ in range(count):
            SessionFactory(module=module, is_public=True)
            AssignmentFactory(module=module)

    grow(1)
    if signed_in:
        api.force_authenticate(person.applicant)
    assert_same_queries(
        django_assert_num_queries, lambda: api.get(reverse(f"api:{name}")), lambda: grow(5), at_most=at_most
    )


def test_a_finalist_confirms_through_the_api(api):
    _season, seated = published_finalists()
    finalist = seated[0]
    api.force_authenticate(finalist.application.applicant)
    assert api.get(reverse("api:my-finalist")).json()["status"] == "invited"
    response = api.post(reverse("api:my-finalist-ok"))
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    again = api.post(reverse("api:my-finalist-ok"))
    assert again.status_code == 409 and again.json()["code"] == "transition_not_allowed"
    declined = api.post(reverse("api:my-finalist-no"), {"reason": "Не смогу"})
    assert declined.json()["status"] == "declined"
