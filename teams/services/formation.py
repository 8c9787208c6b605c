"""The season's team formation in the portal: the teams made, a run started (computed
inline, or by a Celery job: ``formation_compute``) and a computed run applied in one
transaction."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.models import Finalist, FinalistStatus
from teams import tasks
from teams.models import (
    FormationRun,
    FormationRunStatus,
    Membership,
    MembershipAction,
    MembershipChange,
    MembershipSource,
    Team,
)
from teams.services.formation_compute import formation_input, formation_run_compute
from teams.services.notify import team_assigned_tell
from topblog.tracks.models import Direction, Season

logger = logging.getLogger(__name__)
S = FormationRunStatus


def teams_ensure(*, season: Season) -> list[Team]:
    """One team per direction, numbered in the directions' order, of the season's size;
    teams that exist are kept as they are (their capacity too)."""
    existing = {team.direction_id: team for team in Team.objects.filter(season=season)}
    taken = {team.number for team in existing.values()}
    for direction in Direction.objects.order_by("position", "pk"):
        if direction.pk in existing:
            continue
        number = next(n for n in range(1, len(taken) + 2) if n not in taken)
        taken.add(number)
        existing[direction.pk], _created = Team.objects.get_or_create(
            season=season, direction=direction, defaults={"number": number, "capacity": season.team_size}
        )
    return sorted(existing.values(), key=lambda team: team.number)


def formation_run_start(*, season: Season, by, inline: bool = False) -> FormationRun:
    """A dry run of the season's formation: computed here when asked (the command line)
    or when the season is small enough (``TEAMS_FORMATION_INLINE_MAX``), otherwise by a
    Celery job after commit that writes its progress on the run. Nothing is applied."""
    with transaction.atomic():
        teams_ensure(season=season)
        people = Finalist.objects.filter(season=season, status=FinalistStatus.CONFIRMED).count()
        run = FormationRun.objects.create(season=season, requested_by=by, people_count=people)
        if not inline and people > settings.TEAMS_FORMATION_INLINE_MAX:
            transaction.on_commit(lambda: tasks.formation_run_compute.delay(run.pk), robust=True)
            return run
    return formation_run_compute(run_id=run.pk)


@dataclass(frozen=True)
class Applied:
    placed: int
    moved: int
    left: int
    told: int


def formation_run_apply(*, run_id: int, by) -> Applied:
    """Apply a computed run.

    In one transaction: lock the run and the season's teams (in their order, as moves
    do); refuse a run that is not ready or whose input changed since it was computed
    (the run is marked stale); write each person's membership (new: FORMED, another
    team: MOVED; locked members are where the input bound them), remove members who are
    no longer confirmed (LEFT), set every team's size, record who and when; tell each
    person whose team is new or changed, once per team, when the transaction commits."""
    now = timezone.now()
    with transaction.atomic():
        run = FormationRun.objects.select_for_update().select_related("season").get(pk=run_id)
        if run.status != S.READY:
            raise ValidationError(
                _("Расчёт №%(number)s нельзя применить: он в состоянии «%(status)s».")
                % {"number": run.pk, "status": run.get_status_display()},
                code="run_not_ready",
            )
        teams = list(
            Team.objects.select_for_update()
            .filter(season=run.season)
            .select_related("direction")
            .order_by("pk")
        )
        stale = formation_input(season=run.season).digest != run.input_digest
        if not stale:
            applied = _write(run=run, teams=teams, by=by, now=now)
            run.status, run.applied_at, run.applied_by = S.APPLIED, now, by
            run.save(update_fields=["status", "applied_at", "applied_by"])
            FormationRun.objects.filter(season=run.season, status=S.READY).exclude(pk=run.pk).update(
                status=S.STALE
            )
    if stale:
        FormationRun.objects.filter(pk=run_id, status=S.READY).update(status=S.STALE)
        raise ValidationError(
            _(
                "С момента расчёта №%(number)s изменились финалисты, их пожелания, закрепления "
                "или места в командах. Рассчитайте команды заново."
            )
            % {"number": run_id},
            code="run_stale",
        )
    logger.info("Formation run %s applied by %s: %s", run_id, getattr(by, "pk", None), applied)
    return applied


def _write(*, run: FormationRun, teams: list[Team], by, now) -> Applied:
    by_direction = {team.direction.code: team for team in teams}
    assignment = {int(pk): by_direction[code] for pk, code in run.result["assignment"].items()}
    current = {
        m.finalist_id: m for m in Membership.objects.filter(team__season=run.season).select_for_update()
    }
    new, moved, changes, told = [], [], [], []
    for finalist_id, team in assignment.items():
        membership = current.get(finalist_id)
        if membership is None:
            new.append(
                Membership(
                    team=team, finalist_id=finalist_id, source=MembershipSource.FORMATION, joined_at=now
                )
            )
            changes.append(_change(finalist_id, MembershipAction.FORMED, None, team, by, now))
            told.append((finalist_id, team))
        elif membership.team_id != team.pk:
            changes.append(_change(finalist_id, MembershipAction.MOVED, membership.team, team, by, now))
            membership.team, membership.source, membership.joined_at = team, MembershipSource.FORMATION, now
            membership.updated_at = now
            moved.append(membership)
            told.append((finalist_id, team))
    gone = [m for finalist_id, m in current.items() if finalist_id not in assignment]
    for membership in gone:
        changes.append(_change(membership.finalist_id, MembershipAction.LEFT, membership.team, None, by, now))
    Membership.objects.filter(pk__in=[m.pk for m in gone]).delete()
    Membership.objects.bulk_update(moved, ["team", "source", "joined_at", "updated_at"], batch_size=500)
    Membership.objects.bulk_create(new, batch_size=500)
    MembershipChange.objects.bulk_create(changes, batch_size=500)
    sizes = {team.pk: 0 for team in teams}
    for team in assignment.values():
        sizes[team.pk] += 1
    for team in teams:
        if team.size != sizes[team.pk]:
            team.size = sizes[team.pk]
            team.save(update_fields=["size"])
    team_assigned_tell(placed=told)
    return Applied(placed=len(new), moved=len(moved), left=len(gone), told=len(told))


def _change(finalist_id, action, from_team, to_team, by, now) -> MembershipChange:
    return MembershipChange(
        finalist_id=finalist_id,
        action=action,
        from_team=from_team,
        to_team=to_team,
        changed_by=by,
        changed_at=now,
        reason=_("Формирование команд") if action != MembershipAction.LEFT else _("Больше не финалист"),
    )
