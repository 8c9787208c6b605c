"""The demo season's jury at the final (``seed_demo --stage final``): the default
criteria, a few jurors (the demo juror login, the demo ministry leadership and two of the
demo experts) and their scores of the season's projects, as they are when called. The
demo juror leaves the last two of their projects unscored, so their queue has work.

Scores are drawn from ``seed`` around a per-project quality, so the jurors roughly agree
and the results read like a real final; they are bulk-inserted, which is the scoring
service's write without its per-request checks (nothing is published yet)."""

import random
from dataclasses import dataclass
from datetime import datetime

from teams.final.jury.services import final_criteria_defaults_create
from teams.final.models import FinalCriterion, Juror, JuryScore
from teams.projects.models import MediaProject
from topblog.accounts.models import Role, User
from topblog.demo.logins import DEMO_DOMAIN, demo_login_reset
from topblog.tracks.models import Direction, Season

DEMO_JUROR_WORD = "juror"
DEMO_JUROR_NAME = ("Ирина", "Белова")
# The demo accounts also seated in the jury, as topblog.demo.services.DEMO_ACCOUNTS names
# them (not imported: services will call this module).
LEADERSHIP_WORD, EXPERT_WORD = "leadership", "expert"
DEMO_JUROR_UNSCORED = 2


@dataclass(frozen=True)
class JurySummary:
    criteria: int
    jurors: int
    scores: int
    login: tuple[str, str, str]  # (what it is, email, password)


def jury_seed(*, season: Season, now: datetime, seed: int = 1) -> JurySummary:
    rng = random.Random(seed)
    final_criteria_defaults_create(season=season)
    criteria = list(FinalCriterion.objects.filter(season=season).order_by("position", "pk"))
    projects = list(
        MediaProject.objects.filter(team__season=season).select_related("team").order_by("team__number", "pk")
    )
    juror_user, password = demo_login_reset(
        word=DEMO_JUROR_WORD,
        role=Role.MINISTRY_LEADERSHIP,
        now=now,
        first_name=DEMO_JUROR_NAME[0],
        last_name=DEMO_JUROR_NAME[1],
    )
    seated = [f"{word}@{DEMO_DOMAIN}" for word in (LEADERSHIP_WORD, EXPERT_WORD)]
    people = [juror_user, *User.objects.filter(email__in=seated).order_by("email")]
    Juror.objects.filter(season=season).delete()
    seats = Juror.objects.bulk_create(Juror(season=season, user=user, added_at=now) for user in people)
    # The demo expert judges two directions; everyone else judges them all.
    directions = list(Direction.objects.order_by("position", "pk")[:2])
    judged_by_expert = {d.pk for d in directions}
    expert_email = f"{EXPERT_WORD}@{DEMO_DOMAIN}"
    for seat in seats:
        if seat.user.email == expert_email:
            seat.directions.set(directions)
    quality = {p.pk: rng.uniform(4, 9) for p in projects}
    scores = []
    for seat in seats:
        harshness = rng.uniform(-1.5, 1.5)
        mine = [
            p for p in projects if seat.user.email != expert_email or p.team.direction_id in judged_by_expert
        ]
        if seat.user_id == juror_user.pk:
            mine = mine[: max(len(mine) - DEMO_JUROR_UNSCORED, 0)]
        for project in mine:
            for criterion in criteria:
                value = round(quality[project.pk] + harshness + rng.gauss(0, 1))
                scores.append(
                    JuryScore(
                        juror=seat,
                        project=project,
                        criterion=criterion,
                        score=min(max(value, 0), criterion.max_score),
                        scored_at=now,
                    )
                )
    JuryScore.objects.bulk_create(scores, batch_size=1000)
    return JurySummary(
        criteria=len(criteria),
        jurors=len(seats),
        scores=len(scores),
        login=("Член жюри финала", juror_user.email, password),
    )


def jury_demo_delete() -> None:
    """The jury's scores go before the projects and criteria they name (a criterion is
    protected while scored)."""
    JuryScore.objects.all().delete()
