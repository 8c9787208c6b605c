"""The completion rule as a pure function: attendance share and every assignment passed."""

import pytest

from modules.completion import CompletionRule, Grade, Progress, completion, grade_passes

RULE = CompletionRule(min_attendance_percent=75, pass_percent=60)


def progress(attended: int, due: int, *scores: int | None, max_score: int = 10) -> Progress:
    return Progress(
        sessions_due=due, sessions_attended=attended, grades=tuple(Grade(s, max_score) for s in scores)
    )


def test_enough_attendance_and_every_assignment_passed_completes():
    result = completion(progress(15, 20, 6, 10), RULE)
    assert result.complete and result.shortfalls == ()
    assert result.attendance_percent == 75
    assert (result.assignments_passed, result.assignments_total) == (2, 2)
    assert result.programme_score == pytest.approx(0.8)


def test_attendance_one_session_short_does_not_complete():
    result = completion(progress(14, 20, 10, 10), RULE)
    assert not result.complete and result.shortfalls == ("attendance",)


def test_an_assignment_below_the_pass_mark_or_missing_does_not_complete():
    assert completion(progress(20, 20, 10, 5), RULE).shortfalls == ("assignments",)
    missing = completion(progress(20, 20, 10, None), RULE)
    assert missing.shortfalls == ("assignments",)
    assert missing.programme_score == pytest.approx(0.5)


def test_both_shortfalls_are_named():
    assert completion(progress(0, 4, None), RULE).shortfalls == ("attendance", "assignments")


@pytest.mark.parametrize(
    ("score", "max_score", "passes"),
    [(6, 10, True), (5, 10, False), (3, 5, True), (2, 3, True), (1, 3, False), (0, 1, False)],
)
def test_the_pass_mark_is_exact_at_its_edge(score, max_score, passes):
    # 60% of 3 is 1.8: a grade of 2 passes, 1 does not; no rounding decides it.
    assert grade_passes(Grade(score, max_score), RULE) is passes


def test_nothing_due_yet_is_not_a_shortfall():
    result = completion(progress(0, 0), RULE)
    assert result.complete and result.attendance_percent == 100 and result.programme_score == 0
