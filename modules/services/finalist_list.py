"""The finalists' list: ranked from the programme's results and the review's scores,
kept as a proposal organizers review, then published, which invites each finalist into
a seat and puts the rest on the waiting list."""

import logging
from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationDirection
from applications.review import selectors as review_selectors
from modules import ranking
from modules.models import Finalist, FinalistChange, FinalistStatus, ProgrammeSettings
from modules.models.finalists import PUBLISHED_STATUSES
from modules.selectors.members import season_members
from modules.selectors.programme import completions
from modules.services.common import programme_settings_lock
from modules.services.finalists import finalist_move
from topblog.tracks.models import Season
from topblog.tracks.selectors import direction_list

logger = logging.getLogger(__name__)

F = FinalistStatus


def _candidates(
    *, season: Season, now: datetime, review_scores: Mapping[int, float]
) -> list[ranking.Candidate]:
    members = season_members(season_id=season.pk)
    done = completions(season=season, members=members, now=now)
    applications = (
        Application.objects.filter(pk__in=done)
        .select_related("ministry_direction")
        .only("pk", "role", "ministry_direction__code")
    )
    wishes: dict[int, list[str]] = {}
    for application_id, code in (
        ApplicationDirection.objects.filter(application_id__in=done)
        .order_by("application_id", "rank")
        .values_list("application_id", "direction__code")
    ):
        wishes.setdefault(application_id, []).append(code)
    candidates = []
    for application in applications:
        directions = wishes.get(application.pk, [])
        if application.ministry_direction is not None:
            ministry = application.ministry_direction.code
            directions = [ministry, *(d for d in directions if d != ministry)]
        candidates.append(
            ranking.Candidate(
                application_id=application.pk,
                role=application.role,
                directions=tuple(directions),
                completed=done[application.pk].complete,
                programme_score=done[application.pk].programme_score,
                review_score=review_scores.get(application.pk),
            )
        )
    return candidates


def finalists_plan(*, season: Season, programme: ProgrammeSettings) -> ranking.Plan:
    """The season's teams as the ranking sees them; ValidationError when the quota of
    finalists is not one team of the season's size per direction."""
    directions = tuple(direction_list().values_list("code", flat=True))
    plan = ranking.Plan(
        directions=directions,
        team_size=season.team_size,
        officials_per_team=programme.officials_in_team(season),
        programme_weight=programme.programme_weight,
    )
    if plan.seats != season.finalists_quota:
        raise ValidationError(
            _(
                "Число участников командного модуля (%(quota)s) должно равняться числу направлений "
                "(%(directions)s), умноженному на размер команды (%(size)s). Исправьте настройки сезона."
            )
            % {"quota": season.finalists_quota, "directions": len(directions), "size": season.team_size},
            code="quota_mismatch",
        )
    return plan


def finalists_ranking(
    *,
    season: Season,
    programme: ProgrammeSettings,
    now: datetime,
    review_scores: Mapping[int, float] | None = None,
) -> ranking.Ranking:
    """The season's trainees ranked for the team module at ``now``, without writing
    anything. The review scores are the review stage's own
    (``applications.review.selectors.review_scores``) unless given; a trainee without one
    is not ranked."""
    if review_scores is None:
        review_scores = review_selectors.review_scores(season_id=season.pk)
    plan = finalists_plan(season=season, programme=programme)
    return ranking.rank(_candidates(season=season, now=now, review_scores=review_scores), plan)


def finalists_propose(
    *, season_id: int, by, now: datetime | None = None, review_scores: Mapping[int, float] | None = None
) -> ranking.Ranking:
    """Rank the season's trainees and keep the result as the proposed list.

    Steps, in one transaction: lock the season's settings; refuse once a list is
    published; rank (finalists_ranking, with the review stage's scores unless given);
    replace the previous proposal with the new one, each row with the rule that placed
    it, recorded. Nobody is told: organizers review the proposal, then publish it.
    """
    now = now or timezone.now()
    season = Season.objects.get(pk=season_id)
    with transaction.atomic():
        programme = programme_settings_lock(season=season)
        if Finalist.objects.filter(season=season, status__in=PUBLISHED_STATUSES).exists():
            raise ValidationError(
                _("Список финалистов уже опубликован: составить его заново нельзя."), code="already_published"
            )
        result = finalists_ranking(season=season, programme=programme, now=now, review_scores=review_scores)
        Finalist.objects.filter(season=season, status__in=[F.PROPOSED, F.RESERVE]).delete()
        directions = dict(direction_list().values_list("code", "pk"))
        roles = {p.application_id: p.role for p in result.placements}
        rows = Finalist.objects.bulk_create(
            Finalist(
                season=season,
                application_id=p.application_id,
                role=roles[p.application_id],
                direction_id=directions[p.direction],
                status=F.PROPOSED if p.seated else F.RESERVE,
                score=p.score,
                programme_score=p.programme_score,
                review_score=p.review_score,
                rule=p.rule,
                waiting_position=None if p.seated else p.position,
            )
            for p in result.placements
        )
        FinalistChange.objects.bulk_create(
            FinalistChange(
                finalist=row,
                from_status="",
                to_status=row.status,
                changed_by=by,
                changed_at=now,
                reason=row.rule,
            )
            for row in rows
        )
    logger.info(
        "Season %s: finalists proposed by %s: %s seated, %s waiting",
        season.pk,
        getattr(by, "pk", None),
        len(result.seated),
        len(result.waiting),
    )
    return result


def finalists_publish(*, season_id: int, by, now: datetime | None = None) -> int:
    """Publish the proposed list: each proposed finalist is invited into a seat of the
    season (numbered by direction, role and score) with the season's days to confirm,
    and told; the reserve becomes the waiting list. Returns the number invited."""
    now = now or timezone.now()
    season = Season.objects.get(pk=season_id)
    with transaction.atomic():
        programme = programme_settings_lock(season=season)
        proposed = list(
            Finalist.objects.select_for_update()
            .select_related("application__applicant", "direction")
            .filter(season=season, status__in=[F.PROPOSED, F.RESERVE])
            .order_by("direction__position", "direction__code", "-role", "-score", "pk")
        )
        if not any(f.status == F.PROPOSED for f in proposed):
            raise ValidationError(
                _("Нет предложенного списка финалистов: сначала составьте его."), code="nothing_proposed"
            )
        seat = Finalist.objects.filter(season=season).aggregate(last=Max("seat"))["last"] or 0
        invited = 0
        for finalist in proposed:
            if finalist.status == F.PROPOSED:
                seat += 1
                invited += 1
                finalist_move(finalist, F.INVITED, by=by, reason="", now=now, programme=programme, seat=seat)
            else:
                finalist_move(finalist, F.WAITING, by=by, reason="", now=now, programme=programme)
    logger.info(
        "Season %s: finalists published by %s, %s invited", season.pk, getattr(by, "pk", None), invited
    )
    return invited
