"""Reads of the programme: modules and assignments, a trainee's progress and completion,
submissions as each viewer may see them, the grading queue."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet

from applications.selectors import user_is_organizer
from modules.audience import Member, concerns
from modules.completion import Completion, CompletionRule, Grade, Progress, completion, grade_passes
from modules.models import Assignment, Attendance, Module, ProgrammeSettings, Session, Submission
from topblog.accounts.models import Role
from topblog.tracks.models import Season


def programme_modules(*, season_id: int) -> list[Module]:
    """The season's modules in order, each with its assignments."""
    return list(
        Module.objects.filter(season_id=season_id)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("assignments", queryset=Assignment.objects.order_by("position", "pk")))
    )


def programme_hours(*, season_id: int) -> int:
    return sum(Module.objects.filter(season_id=season_id).values_list("hours", flat=True))


def season_assignments(*, season_id: int) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(module__season_id=season_id)
        .select_related("module")
        .order_by("module__position", "module_id", "position", "pk")
    )


def completion_rule(programme: ProgrammeSettings) -> CompletionRule:
    return CompletionRule(
        min_attendance_percent=programme.min_attendance_percent, pass_percent=programme.pass_percent
    )


# Up to this many people, their progress is read by their ids; more, by the whole season.
FEW_MEMBERS = 50


def progress_of(*, season_id: int, members: list[Member], now: datetime) -> dict[int, Progress]:
    """Each member's programme progress at ``now``, in four queries however many there are:
    the sessions of the programme begun by now that concern them, how many they
    attended, and their grade on every assignment of the season."""
    sessions = list(
        Session.objects.filter(stage__season_id=season_id, module__isnull=False, starts_at__lte=now).only(
            "pk", "audience", "direction_id", "team_number"
        )
    )
    ids = {m.application_id for m in members}
    attendance = Attendance.objects.filter(session__in=[s.pk for s in sessions], present=True)
    submissions = Submission.objects.filter(assignment__module__season_id=season_id)
    if len(ids) <= FEW_MEMBERS:
        # A person's page reads their own rows, not the season's thousands.
        attendance, submissions = (
            attendance.filter(application_id__in=ids),
            submissions.filter(application_id__in=ids),
        )
    attended = set(attendance.values_list("application_id", "session_id"))
    assignments = list(season_assignments(season_id=season_id).values_list("pk", "max_score"))
    scores = {
        (application_id, assignment_id): score
        for application_id, assignment_id, score in submissions.values_list(
            "application_id", "assignment_id", "score"
        )
    }
    progress = {}
    for member in members:
        due = [s.pk for s in sessions if concerns(s, member)]
        progress[member.application_id] = Progress(
            sessions_due=len(due),
            sessions_attended=sum((member.application_id, pk) in attended for pk in due),
            grades=tuple(
                Grade(scores.get((member.application_id, pk)), max_score) for pk, max_score in assignments
            ),
        )
    return progress


def completions(*, season: Season, members: list[Member], now: datetime) -> dict[int, Completion]:
    rule = completion_rule(ProgrammeSettings.for_season(season))
    return {
        pk: completion(p, rule)
        for pk, p in progress_of(season_id=season.pk, members=members, now=now).items()
    }


@dataclass(frozen=True)
class AssignmentState:
    assignment: Assignment
    submission: Submission | None
    passed: bool


def assignments_of(
    *, application_id: int, assignments: list[Assignment], rule: CompletionRule
) -> list[AssignmentState]:
    """``assignments`` (in the order given) with the trainee's own submission of each, if any."""
    submissions = {
        s.assignment_id: s
        for s in Submission.objects.filter(
            application_id=application_id, assignment__in=[a.pk for a in assignments]
        )
    }
    states = []
    for assignment in assignments:
        submission = submissions.get(assignment.pk)
        grade = Grade(submission.score if submission else None, assignment.max_score)
        states.append(AssignmentState(assignment, submission, grade_passes(grade, rule)))
    return states


def user_may_grade(user) -> bool:
    """Experts and organizers grade the programme's assignments."""
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.is_active
        and (user_is_organizer(user) or user.has_role(Role.EXPERT))
    )


def submissions_visible_to(*, user) -> QuerySet[Submission]:
    """Graders see every submission; a trainee their own; anyone else none."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Submission.objects.none()
    if user_may_grade(user):
        return Submission.objects.all()
    return Submission.objects.filter(application__applicant=user)


def submission_for_viewer(*, submission_id: int, user) -> Submission:
    """Submission.DoesNotExist unless ``user`` may see it, so a stranger cannot tell it exists."""
    return submissions_visible_to(user=user).select_related("assignment", "application").get(pk=submission_id)


def grading_queue(*, season_id: int, assignment_id: int | None = None) -> QuerySet[Submission]:
    """Submissions waiting for a grade, oldest first."""
    queue = Submission.objects.filter(assignment__module__season_id=season_id, graded_at__isnull=True)
    if assignment_id is not None:
        queue = queue.filter(assignment_id=assignment_id)
    return queue.select_related("assignment__module", "application").order_by("submitted_at", "pk")


def next_in_queue(*, season_id: int, assignment_id: int | None, after_id: int) -> Submission | None:
    return grading_queue(season_id=season_id, assignment_id=assignment_id).exclude(pk=after_id).first()


def attendance_of(*, application_id: int, season_id: int) -> dict[int, bool]:
    """The trainee's marks by session id."""
    return dict(
        Attendance.objects.filter(
            application_id=application_id, session__stage__season_id=season_id
        ).values_list("session_id", "present")
    )
