"""The jury's results (teams.final.jury.results) on examples small enough to check by hand."""

import math

import pytest

from teams.final.jury.results import Criterion, Project, Scorecard, compute

A, B = 1, 2
CRITERIA = [Criterion(id=A, weight=2, max_score=10), Criterion(id=B, weight=1, max_score=10)]
PROJECTS = [Project(1, "culture"), Project(2, "culture"), Project(3, "health")]


def card(juror: int, project: int, a: int, b: int) -> Scorecard:
    return Scorecard(juror_id=juror, project_id=project, scores={A: a, B: b})


HAND_CHECKED = [
    card(10, 1, 6, 6),
    card(10, 2, 4, 4),
    card(10, 3, 5, 5),
    card(20, 1, 10, 10),
    card(20, 2, 9, 9),
    card(20, 3, 7, 7),
]


def test_a_small_example_computed_by_hand():
    """Totals are Σ weight × score (A weighs 2, B 1; the largest total is 30).

    Juror 10 (harsh): projects 1, 2, 3 get 18, 12, 15. Mean 15, deviations 3, -3, 0,
    variance (9 + 9 + 0) / 3 = 6: z = 3/√6 = 1.2247, -1.2247, 0.
    Juror 20 (lenient): 30, 27, 21. Mean 26, deviations 4, 1, -5, variance
    (16 + 1 + 25) / 3 = 14: z = 4/√14 = 1.0690, 1/√14 = 0.2673, -5/√14 = -1.3363.
    Scores (mean z): project 1 = (1.2247 + 1.0690) / 2 = 1.1469,
    project 2 = (-1.2247 + 0.2673) / 2 = -0.4787, project 3 = (0 - 1.3363) / 2 = -0.6682.
    Raw (mean share of 30): 1 = (18 + 30) / 60 = 0.8, 2 = (12 + 27) / 60 = 0.65,
    3 = (15 + 21) / 60 = 0.6.
    Overall 1, 2, 3; culture: 1 then 2; health: 3 alone, first. No ties.
    """
    results = compute(criteria=CRITERIA, projects=PROJECTS, scorecards=HAND_CHECKED)
    by_id = {p.project_id: p for p in results.placed}
    assert [p.project_id for p in results.placed] == [1, 2, 3]
    assert by_id[1].score == pytest.approx((3 / math.sqrt(6) + 4 / math.sqrt(14)) / 2)
    assert by_id[1].score == pytest.approx(1.1469, abs=1e-4)
    assert by_id[2].score == pytest.approx(-0.4787, abs=1e-4)
    assert by_id[3].score == pytest.approx(-0.6682, abs=1e-4)
    assert [by_id[i].raw for i in (1, 2, 3)] == pytest.approx([0.8, 0.65, 0.6])
    assert [(by_id[i].place, by_id[i].place_in_direction) for i in (1, 2, 3)] == [(1, 1), (2, 2), (3, 1)]
    assert {p.tie for p in results.placed} == {""}
    assert by_id[1].jurors == 2
    assert results.unscored == []


def test_a_harsh_and_a_lenient_juror_who_order_alike_count_alike():
    """Juror 20's totals are juror 10's × 2 + 3: every project's z-scores are equal."""
    harsh = [card(10, 1, 2, 1), card(10, 2, 3, 3), card(10, 3, 1, 0)]
    lenient = [card(20, c.project_id, c.scores[A] * 2 + 1, c.scores[B] * 2 + 1) for c in harsh]
    results = compute(criteria=CRITERIA, projects=PROJECTS, scorecards=harsh + lenient)
    assert all(p.disagreement == pytest.approx(0) for p in results.placed)
    assert [p.project_id for p in results.placed] == [2, 1, 3]


def test_equal_scores_are_decided_by_the_raw_mean():
    """One criterion (weight 1, max 100). Juror 1 gives 10, 20, 30; juror 2 gives 60, 40,
    20: the z-scores are mirror images (∓1.2247, 0, ±1.2247), so every project's score is 0.
    Raw means: project 1 (10 + 60) / 200 = 0.35, project 2 0.30, project 3 0.25."""
    criteria = [Criterion(id=A, weight=1, max_score=100)]
    cards = [
        Scorecard(1, 1, {A: 10}), Scorecard(1, 2, {A: 20}), Scorecard(1, 3, {A: 30}),
        Scorecard(2, 1, {A: 60}), Scorecard(2, 2, {A: 40}), Scorecard(2, 3, {A: 20}),
    ]  # fmt: skip
    results = compute(criteria=criteria, projects=PROJECTS, scorecards=cards)
    assert [p.score for p in results.placed] == pytest.approx([0, 0, 0])
    assert [(p.project_id, p.place, p.tie) for p in results.placed] == [
        (1, 1, "raw"),
        (2, 2, "raw"),
        (3, 3, "raw"),
    ]
    # In its direction project 3 stands alone: nothing to tie with.
    assert [p.tie_in_direction for p in results.placed] == ["raw", "raw", ""]


def test_projects_judged_alike_share_their_place_and_the_next_is_skipped():
    """One juror, one criterion: 80, 50, 50, 10. Projects 2 and 3 are equal in every
    respect: both second, «shared»; project 4 is fourth, not third."""
    criteria = [Criterion(id=A, weight=1, max_score=100)]
    projects = [*PROJECTS, Project(4, "health")]
    cards = [Scorecard(1, pid, {A: score}) for pid, score in ((1, 80), (2, 50), (3, 50), (4, 10))]
    results = compute(criteria=criteria, projects=projects, scorecards=cards)
    assert [(p.project_id, p.place, p.tie) for p in results.placed] == [
        (1, 1, ""),
        (2, 2, "shared"),
        (3, 2, "shared"),
        (4, 4, ""),
    ]


def test_an_incomplete_scorecard_does_not_count_and_an_unjudged_project_is_not_placed():
    cards = [card(10, 1, 5, 5), Scorecard(10, 2, {A: 9}), card(20, 1, 7, 7)]
    results = compute(criteria=CRITERIA, projects=PROJECTS, scorecards=cards)
    assert [(p.project_id, p.jurors) for p in results.placed] == [(1, 2)]
    assert results.unscored == [2, 3]


def test_no_criteria_places_nothing():
    results = compute(criteria=[], projects=PROJECTS, scorecards=[Scorecard(1, 1, {})])
    assert results.placed == []
    assert results.unscored == [1, 2, 3]
