"""A formation run computed: the confirmed finalists turned into the core's input
(``teams.formation``) with a fingerprint of it, and a queued run computed from it, in
the request for a small season or by the Celery task for a large one. Apart from
``formation``, which queues the task, so that the task and the service that queues it do
not import each other."""

import hashlib
import json
import logging
from dataclasses import asdict, dataclass

from django.utils import timezone

from applications.models import ApplicantRole
from modules.models import Finalist, FinalistStatus
from teams.formation import FormationError, Person, TeamSpec, form_teams, formation_metrics
from teams.formation_stability import places_kept
from teams.models import FormationRun, FormationRunStatus, Membership, Team
from topblog.tracks.models import Season

logger = logging.getLogger(__name__)
S = FormationRunStatus


@dataclass(frozen=True)
class FormationInput:
    people: list[Person]
    teams: list[TeamSpec]
    # Each member's team now (finalist id -> direction): a new run moves as few as it can.
    current: dict[str, str]
    digest: str


def formation_input(*, season: Season) -> FormationInput:
    """The season's confirmed finalists as the core's people, and its teams. A finalist
    with no stated wish wishes for their own direction; an official is bound to their
    ministry's direction; a locked member to their team's. The digest fingerprints all
    of it, so a run whose input has changed since is not applied."""
    teams = list(Team.objects.filter(season=season).select_related("direction").order_by("number"))
    finalists = (
        Finalist.objects.filter(season=season, status=FinalistStatus.CONFIRMED)
        .select_related(
            "direction",
            "application__region",
            "application__ministry_direction",
            "team_preference",
            "team_membership__team__direction",
        )
        .order_by("pk")
    )
    people = [_person(finalist) for finalist in finalists]
    specs = [TeamSpec(direction=team.direction.code, capacity=team.capacity) for team in teams]
    current = {
        str(m.finalist_id): m.team.direction.code
        for m in Membership.objects.filter(team__season=season).select_related("team__direction")
    }
    payload = json.dumps([[asdict(p) for p in people], [asdict(t) for t in specs], current], sort_keys=True)
    return FormationInput(
        people=people, teams=specs, current=current, digest=hashlib.sha256(payload.encode()).hexdigest()
    )


def _person(finalist: Finalist) -> Person:
    application = finalist.application
    preference = getattr(finalist, "team_preference", None)
    membership = getattr(finalist, "team_membership", None)
    home = None
    if finalist.role == ApplicantRole.OFFICIAL and application.ministry_direction is not None:
        home = application.ministry_direction.code
    return Person(
        id=str(finalist.pk),
        role=finalist.role,
        region=application.region.code if application.region_id else "",
        preferences=tuple(
            preference.directions if preference and preference.directions else [finalist.direction.code]
        ),
        home_direction=home,
        locked_direction=membership.team.direction.code if membership and membership.locked else None,
    )


def formation_run_compute(*, run_id: int) -> FormationRun:
    """Compute a queued run: READY with the assignment and metrics, or FAILED with the
    core's reasons in Russian. A run already taken by another worker is left alone."""
    taken = FormationRun.objects.filter(pk=run_id, status=S.QUEUED).update(status=S.RUNNING, progress=5)
    run = FormationRun.objects.select_related("season").get(pk=run_id)
    if not taken:
        return run
    given = formation_input(season=run.season)
    FormationRun.objects.filter(pk=run_id).update(progress=30, people_count=len(given.people))
    try:
        formation = form_teams(given.people, given.teams)
    except FormationError as error:
        FormationRun.objects.filter(pk=run_id).update(
            status=S.FAILED,
            progress=100,
            error=str(error),
            input_digest=given.digest,
            finished_at=timezone.now(),
        )
        logger.info("Formation run %s failed: %s", run_id, error)
    else:
        FormationRun.objects.filter(pk=run_id).update(progress=80)
        assignment = places_kept(
            given.people,
            given.teams,
            formation.assignment,
            given.current,
            region_bound=formation.metrics["max_region_count"],
        )
        FormationRun.objects.filter(pk=run_id).update(
            status=S.READY,
            progress=100,
            result={
                "assignment": assignment,
                "metrics": formation_metrics(given.people, given.teams, assignment),
            },
            input_digest=given.digest,
            finished_at=timezone.now(),
        )
    run.refresh_from_db()
    return run
