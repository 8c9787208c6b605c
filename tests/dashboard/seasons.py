"""Seasons for the dashboard's tests: the demo generator's season, whose figures the tests
count again another way, and small seasons built by hand."""

from django.utils import timezone

from applications.models import ApplicantRole, Application, ApplicationStatus, StatusChange
from tests.factories import ApplicationFactory, SeasonFactory, applicant, choose_directions
from topblog.demo.services import demo_season_seed
from topblog.tracks.models import Direction, Region, Season, StageKind


def demo_season(applications: int = 300, stage: str = StageKind.EDUCATION) -> Season:
    """The demo generator's season at ``stage``: drafts, submissions, withdrawals, review
    and, from the results on, selection; most regions get applications, a few none."""
    demo_season_seed(applications=applications, seed=7, stage=stage)
    return Season.objects.get(is_current=True)


def application(
    season: Season,
    *,
    status: str = ApplicationStatus.SUBMITTED,
    role: str = ApplicantRole.BLOGGER,
    direction: str | None = "culture",
    region: str = "77",
    created_at=None,
    submitted_at=None,
) -> Application:
    """An application of ``season`` in ``status``, its first direction ``direction``, with
    the history the status service would have written up to it."""
    now = timezone.now()
    submitted = status != ApplicationStatus.DRAFT
    made = ApplicationFactory(
        season=season,
        applicant=applicant(),
        status=status,
        role=role,
        region=Region.objects.get(code=region),
        submitted_at=(submitted_at or now) if submitted else None,
        ministry_direction=Direction.objects.get(code=direction) if role == ApplicantRole.OFFICIAL else None,
    )
    if direction:
        choose_directions(made, direction)
    if created_at is not None:
        Application.objects.filter(pk=made.pk).update(created_at=created_at)
    path = {
        ApplicationStatus.SUBMITTED: ["submitted"],
        ApplicationStatus.UNDER_REVIEW: ["submitted", "under_review"],
        ApplicationStatus.SELECTED: ["submitted", "under_review", "selected"],
        ApplicationStatus.NOT_SELECTED: ["submitted", "under_review", "not_selected"],
        ApplicationStatus.WITHDRAWN: ["submitted", "withdrawn"],
    }.get(status, [])
    previous = "draft"
    for step in path:
        StatusChange.objects.create(application=made, from_status=previous, to_status=step, changed_at=now)
        previous = step
    return made


def small_season(count: int, **season) -> Season:
    """A current season with ``count`` submitted applications spread over roles,
    directions and regions."""
    made = SeasonFactory(**season)
    directions = ["culture", "health", "agro", "science", "tourism"]
    regions = ["77", "78", "50", "16", "25", "14"]
    for n in range(count):
        application(
            made,
            status=[ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.SELECTED][n % 3],
            role=ApplicantRole.OFFICIAL if n % 4 == 0 else ApplicantRole.BLOGGER,
            direction=directions[n % len(directions)],
            region=regions[n % len(regions)],
        )
    return made
