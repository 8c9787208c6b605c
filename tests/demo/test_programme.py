"""``seed_demo`` from the programme on: sessions, attendance, work and grades, the
register's data, certificates and finalists in every state, and the trainee's and the
finalist's demo logins."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from applications.review.selectors import review_scores
from modules.models import Attendance, Certificate, EducationRecord, Finalist, Session, Submission
from modules.rules import snils_normalize
from topblog.accounts.models import User
from topblog.notifications.models import Channel, OutboxMessage
from topblog.tracks.models import StageKind

pytestmark = pytest.mark.django_db


def seed(applications: int, stage: str) -> str:
    out = StringIO()
    call_command("seed_demo", applications=applications, seed=3, stage=stage, stdout=out)
    return out.getvalue()


def test_before_the_programme_there_is_none():
    seed(200, StageKind.SELECTION_RESULTS)
    assert not Session.objects.exists()


def test_during_the_programme_marks_and_work_go_up_to_today_and_some_wait_for_a_grade():
    output = seed(300, StageKind.EDUCATION)
    now = timezone.now()
    assert Session.objects.filter(starts_at__gt=now, module__isnull=False).exists()
    assert not Attendance.objects.filter(session__starts_at__gt=now).exists()
    assert set(Attendance.objects.values_list("present", flat=True).distinct()) == {True, False}
    assert Submission.objects.filter(graded_at__isnull=True).exists()
    assert Submission.objects.filter(score__isnull=False).exists()
    assert not Certificate.objects.exists() and not Finalist.objects.exists()
    assert all(snils_normalize(s) for s in EducationRecord.objects.values_list("snils", flat=True))
    trainee = User.objects.get(email="trainee@demo.topblog.local")
    assert trainee.applications.get().status == "selected" and trainee.check_password("demo-trainee-2026")
    assert "trainee@demo.topblog.local" in output and "finalist@demo.topblog.local" not in output


def test_after_the_programme_certificates_and_finalists_answered_day_by_day():
    output = seed(2000, StageKind.TEAM_MODULE)
    assert Certificate.objects.exists() and not Certificate.objects.exclude(pdf="").exists()
    statuses = Counter(Finalist.objects.values_list("status", flat=True))
    # A demo this small may seat everyone who completed the programme and leave nobody
    # waiting; the waiting list's rules are kept by the services' tests.
    assert {"confirmed", "declined", "expired"} <= set(statuses)
    assert statuses["confirmed"] + statuses["invited"] <= 150
    # The demo's history was never mailed to anyone; the portal keeps it.
    assert not OutboxMessage.objects.filter(channel=Channel.EMAIL, event="finalist_invitation").exists()
    assert OutboxMessage.objects.filter(channel=Channel.PORTAL, event="finalist_invitation").exists()
    trainee = User.objects.get(email="trainee@demo.topblog.local").applications.get()
    assert Certificate.objects.filter(application=trainee).exists()
    finalist = User.objects.get(email="finalist@demo.topblog.local").applications.get()
    assert finalist.finalist.status in ("invited", "confirmed")
    assert "Финалист" in output and "Участие подтверждено" in output


def test_reset_after_the_programme_seeds_it_again():
    seed(600, StageKind.TEAM_MODULE)
    out = StringIO()
    call_command("seed_demo", applications=600, seed=4, stage=StageKind.TEAM_MODULE, reset=True, stdout=out)
    assert Session.objects.count() == 28 and Finalist.objects.exists()
    assert User.objects.get(email="trainee@demo.topblog.local").applications.get().status == "selected"


def test_the_demos_finalists_are_ranked_by_its_own_reviews():
    seed(600, StageKind.TEAM_MODULE)
    reviewed = set(review_scores(season_id=Finalist.objects.first().season_id))
    assert set(Finalist.objects.values_list("application_id", flat=True)) <= reviewed
