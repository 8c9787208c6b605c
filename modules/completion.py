"""The programme's completion rule, with no Django in it: a trainee completes the
programme when they attended at least the season's share of the sessions that concern
them and passed every assignment. Plain values in, plain values out."""

from dataclasses import dataclass


@dataclass(frozen=True)
class CompletionRule:
    min_attendance_percent: int
    pass_percent: int


@dataclass(frozen=True)
class Grade:
    """One assignment as the trainee stands on it: ``score`` is None while nothing is
    submitted or graded."""

    score: int | None
    max_score: int


@dataclass(frozen=True)
class Progress:
    # Programme sessions that concern the person and have begun.
    sessions_due: int
    sessions_attended: int
    grades: tuple[Grade, ...]


@dataclass(frozen=True)
class Completion:
    complete: bool
    attendance_percent: float
    assignments_passed: int
    assignments_total: int
    # The mean share of the maximum over all assignments, an ungraded one counting 0:
    # the programme's result in the finalists' ranking.
    programme_score: float
    # What is missing: "attendance", "assignments".
    shortfalls: tuple[str, ...]


def grade_passes(grade: Grade, rule: CompletionRule) -> bool:
    """At least ``pass_percent`` of the maximum, in whole numbers (no rounding at the edge)."""
    return grade.score is not None and grade.score * 100 >= rule.pass_percent * grade.max_score


def completion(progress: Progress, rule: CompletionRule) -> Completion:
    due, attended = progress.sessions_due, progress.sessions_attended
    attendance_met = attended * 100 >= rule.min_attendance_percent * due
    passed = sum(grade_passes(grade, rule) for grade in progress.grades)
    total = len(progress.grades)
    shortfalls = []
    if not attendance_met:
        shortfalls.append("attendance")
    if passed < total:
        shortfalls.append("assignments")
    shares = [(grade.score or 0) / grade.max_score for grade in progress.grades]
    return Completion(
        complete=not shortfalls,
        attendance_percent=100.0 if due == 0 else attended * 100 / due,
        assignments_passed=passed,
        assignments_total=total,
        programme_score=sum(shares) / total if total else 0.0,
        shortfalls=tuple(shortfalls),
    )
