"""assign_reviewers and select_participants [--dry-run] [--json] from the command line."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from applications.models import ApplicationStatus
from applications.review.models import SelectionDecision
from tests.applications.review.factories import (
    assigned,
    criteria,
    current_season,
    judge,
    minimum,
    review_settings,
    submit,
    submitted_application,
)

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def run(name, *args) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def test_assign_reviewers_assigns_and_reports():
    current_season()
    judge("culture"), judge("culture")
    application = submitted_application("culture")
    assert "Новых назначений: 2" in run("assign_reviewers")
    assert application.review_assignments.count() == 2
    assert "Новых назначений: 0" in run("assign_reviewers")


def test_a_season_that_does_not_exist_is_an_error():
    with pytest.raises(CommandError, match="Сезон не найден"):
        run("assign_reviewers", "--season", "99")


def reviewed():
    season = current_season()
    review_settings(season)
    season_criteria = criteria(season)
    first, second = judge("culture", "agro"), judge("culture", "agro")
    made = []
    for direction, value in (("culture", 9), ("agro", 3), ("culture", 5)):
        application = submitted_application(direction, status=S.UNDER_REVIEW)
        for person in (first, second):
            assigned(application, person)
            submit(application, person, season_criteria, value)
        made.append(application)
    held = submitted_application("culture", status=S.UNDER_REVIEW, is_possible_duplicate=True)
    return season, made, held


def test_a_dry_run_in_json_prints_the_proposal_and_keeps_nothing():
    season, (best, agro, middle), held = reviewed()
    season.bloggers_quota = 2
    season.save()
    minimum("blogger", "agro", 1, season)
    data = json.loads(run("select_participants", "--dry-run", "--json"))
    assert not data["saved"] and not SelectionDecision.objects.exists()
    assert [r["application_id"] for r in data["ranking"]] == [best.pk, middle.pk, agro.pk]
    assert {r["application_id"] for r in data["ranking"] if r["proposed"] == "selected"} == {best.pk, agro.pk}
    assert data["held_out"] == [{"application_id": held.pk, "reason": "duplicate"}]
    assert {"key": ["blogger", "agro"], "selected": 1, "target": 1, "candidates": 1, "short": False} in data[
        "counts"
    ]["directions"]


def test_without_dry_run_the_proposal_is_kept_for_the_admin():
    _season, made, held = reviewed()
    text = run("select_participants")
    assert "Отложены (1)" in text and "Предложение сохранено" in text
    assert SelectionDecision.objects.count() == len(made) + 1
    assert SelectionDecision.objects.get(pk=held.pk).proposed == "held_out"


def test_minimums_beyond_the_quota_are_an_error():
    season, _made, _held = reviewed()
    season.officials_quota = 1
    season.save()
    minimum("official", "agro", 2, season)
    with pytest.raises(CommandError, match="квоты"):
        run("select_participants", "--dry-run")
