"""Assignments: a trainee hands in a link or a file (checked by its content and size)
until the deadline and sees the grade; another's file is 404; experts and organizers
grade in a queue, 0 to the maximum, and nobody else reaches it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from modules.models import Submission
from modules.services.submissions import submission_grade, submission_submit
from tests.factories import SMALL_PDF, applicant, expert, ministry_curator, organizer
from tests.modules.factories import AssignmentFactory, season_at, trainee
from tests.modules.queries import assert_same_queries
from topblog.accounts.landing import landing_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def task():
    season_at()
    return AssignmentFactory(max_score=10)


def pdf(name: str = "работа.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, SMALL_PDF, content_type="application/pdf")


def submit(person, task, **kwargs) -> Submission:
    return submission_submit(assignment_id=task.pk, application_id=person.pk, by=person.applicant, **kwargs)


def test_a_link_or_a_file_but_not_both_nor_neither(task):
    person = trainee(task.module.season)
    with pytest.raises(ValidationError, match="что-то одно"):
        submit(person, task)
    with pytest.raises(ValidationError, match="что-то одно"):
        submit(person, task, link="https://vk.com/video-1", upload=pdf())
    with pytest.raises(ValidationError):
        submit(person, task, link="javascript:alert(1)")
    assert submit(person, task, link="https://vk.com/video-1").link == "https://vk.com/video-1"


def test_a_file_is_checked_by_its_content_not_its_name(task):
    person = trainee(task.module.season)
    with pytest.raises(ValidationError, match="не подходит"):
        submit(person, task, upload=SimpleUploadedFile("работа.pdf", b"MZ\x90\x00 not a pdf"))
    saved = submit(person, task, upload=pdf())
    assert saved.content_type == "application/pdf" and saved.original_name == "работа.pdf"


def test_a_file_too_big_is_refused(task, settings):
    settings.APPLICATION_UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="слишком большой"):
        submit(trainee(task.module.season), task, upload=pdf())


def test_a_replacement_before_the_deadline_keeps_one_submission(task):
    person = trainee(task.module.season)
    submit(person, task, upload=pdf())
    submit(person, task, link="https://vk.com/video-2")
    saved = Submission.objects.get()
    assert (saved.link, bool(saved.file)) == ("https://vk.com/video-2", False)


def test_nothing_is_handed_in_after_the_deadline_or_once_graded(task):
    person = trainee(task.module.season)
    submission = submit(person, task, link="https://vk.com/video-1")
    submission_grade(submission_id=submission.pk, score=7, feedback="Хорошо", by=expert())
    with pytest.raises(ValidationError, match="уже проверена"):
        submit(person, task, link="https://vk.com/video-2")
    late = AssignmentFactory(module=task.module, deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="Срок сдачи"):
        submit(person, late, link="https://vk.com/video-1")


def test_only_the_trainee_hands_in_their_own_work(task):
    person, other = trainee(task.module.season), trainee(task.module.season)
    with pytest.raises(PermissionDenied):
        submission_submit(
            assignment_id=task.pk, application_id=person.pk, link="https://vk.com/v", by=other.applicant
        )


def test_grades_run_from_zero_to_the_maximum_and_only_graders_give_them(task):
    submission = submit(trainee(task.module.season), task, link="https://vk.com/video-1")
    with pytest.raises(ValidationError):
        submission_grade(submission_id=submission.pk, score=11, feedback="", by=expert())
    with pytest.raises(PermissionDenied):
        submission_grade(submission_id=submission.pk, score=5, feedback="", by=applicant())
    graded = submission_grade(submission_id=submission.pk, score=10, feedback="Отлично", by=organizer())
    assert (graded.score, graded.feedback, graded.graded_at is not None) == (10, "Отлично", True)


def test_the_trainee_sees_their_grade_and_feedback(client, task):
    person = trainee(task.module.season)
    submission = submit(person, task, link="https://vk.com/video-1")
    submission_grade(submission_id=submission.pk, score=8, feedback="Сильный монтаж", by=expert())
    client.force_login(person.applicant)
    html = client.get(reverse("modules:assignment", args=[task.pk])).content.decode()
    assert "8 из 10" in html and "Сильный монтаж" in html
    assert "Заменить работу" not in html


def test_handing_in_through_the_page(client, task):
    person = trainee(task.module.season)
    client.force_login(person.applicant)
    url = reverse("modules:assignment", args=[task.pk])
    response = client.post(url, {"file": pdf(), "comment": "Черновой монтаж"})
    assert response.status_code == 302
    assert Submission.objects.get().comment == "Черновой монтаж"
    refused = client.post(url, {"link": "https://vk.com/video-1", "file": pdf()})
    assert refused.status_code == 400 and "что-то одно" in refused.content.decode()


def test_another_trainees_file_is_404_and_graders_may_open_it(client, task):
    person, other = trainee(task.module.season), trainee(task.module.season)
    submission = submit(person, task, upload=pdf())
    url = reverse("modules:submission_file", args=[submission.pk])
    for visitor, status in (
        (person.applicant, 200),
        (other.applicant, 404),
        (expert(), 200),
        (organizer(), 200),
        (ministry_curator(), 404),
        (applicant(), 404),
    ):
        client.force_login(visitor)
        response = client.get(url)
        assert response.status_code == status, visitor
        if status == 200:
            assert response["Content-Disposition"].startswith("attachment")
            assert response["X-Content-Type-Options"] == "nosniff"
    client.logout()
    assert client.get(url).status_code == 404


def test_another_trainees_assignment_page_shows_only_their_own_work(client, task):
    person, other = trainee(task.module.season), trainee(task.module.season)
    submit(person, task, link="https://vk.com/video-secret")
    client.force_login(other.applicant)
    assert "video-secret" not in client.get(reverse("modules:assignment", args=[task.pk])).content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [("expert", 200), ("organizer", 200), ("applicant", 404), ("trainee", 404), ("curator", 404)],
)
def test_the_grading_queue_is_for_experts_and_organizers(client, task, who, status):
    person = trainee(task.module.season)
    submission = submit(person, task, link="https://vk.com/video-1")
    visitor = {
        "expert": expert,
        "organizer": organizer,
        "applicant": applicant,
        "curator": ministry_curator,
        "trainee": lambda: person.applicant,
    }[who]()
    client.force_login(visitor)
    assert client.get(reverse("modules:grading_queue")).status_code == status
    assert client.get(reverse("modules:grading", args=[submission.pk])).status_code == status


def test_grading_in_the_queue_moves_on_to_the_next(client, task):
    season = task.module.season
    first = submit(trainee(season), task, link="https://vk.com/video-1")
    second = submit(trainee(season), task, link="https://vk.com/video-2")
    client.force_login(expert())
    response = client.post(reverse("modules:grading", args=[first.pk]), {"score": 6, "feedback": "Неплохо"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "modules:grading", args=[second.pk]
    )
    first.refresh_from_db()
    assert first.score == 6
    too_high = client.post(reverse("modules:grading", args=[second.pk]), {"score": 11})
    assert too_high.status_code == 400
    response = client.post(reverse("modules:grading", args=[second.pk]), {"score": 10})
    assert response["Location"] == reverse("modules:grading_queue")


def test_the_grading_queue_costs_the_same_queries_however_long(client, task, django_assert_num_queries):
    season = task.module.season
    submitted = iter(range(100))

    def hand_in(count: int) -> None:
        for _ in range(count):
            submit(trainee(season), task, link=f"https://vk.com/video-{next(submitted)}")

    hand_in(2)
    client.force_login(expert())
    assert_same_queries(
        django_assert_num_queries,
        lambda: client.get(reverse("modules:grading_queue")),
        lambda: hand_in(10),
        at_most=9,
    )


def test_an_expert_lands_on_the_grading_queue_while_work_waits_for_a_grade(task):
    grader = expert()
    assert landing_url(grader) == reverse("review:queue")
    submit(trainee(task.module.season), task, link="https://vk.com/wall-1_2")
    assert landing_url(grader) == reverse("modules:grading_queue")
