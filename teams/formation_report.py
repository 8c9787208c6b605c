"""A formation run as organizers read it on the formation page: the metrics in words
and numbers, each team's figures, and one row per person with the rank their team has
among their wishes."""

from dataclasses import dataclass

from modules.models import Finalist
from teams.models import FormationRun, Team


@dataclass(frozen=True)
class PersonRow:
    name: str
    role: str
    region: str
    rank: int | None  # 1 for the first wish; None when the team is not among them
    team: str
    locked: bool


@dataclass(frozen=True)
class TeamRow:
    team: str
    capacity: int
    size: int
    bloggers: int
    officials: int
    regions: int
    max_region_count: int


@dataclass(frozen=True)
class Report:
    first_choice_share: float
    top_two_share: float
    total_cost: int
    max_region_count: int
    teams: list[TeamRow]
    people: list[PersonRow]


def formation_report(run: FormationRun) -> Report:
    """Three queries whatever the number of people: the teams, the finalists with their
    application, region, wishes and membership."""
    metrics, assignment = run.result["metrics"], run.result["assignment"]
    teams = {
        t.direction.code: t for t in Team.objects.filter(season_id=run.season_id).select_related("direction")
    }
    finalists = (
        Finalist.objects.filter(pk__in=[int(pk) for pk in assignment])
        .select_related("application__region", "direction", "team_preference", "team_membership")
        .order_by("application__last_name", "application__first_name", "pk")
    )
    people = []
    for finalist in finalists:
        code = assignment[str(finalist.pk)]
        preference = getattr(finalist, "team_preference", None)
        wishes = (
            list(preference.directions) if preference and preference.directions else [finalist.direction.code]
        )
        membership = getattr(finalist, "team_membership", None)
        region = finalist.application.region
        people.append(
            PersonRow(
                name=str(finalist.application),
                role=finalist.get_role_display(),
                region=region.name_i18n if region else "",
                rank=wishes.index(code) + 1 if code in wishes else None,
                team=str(teams[code]),
                locked=bool(membership and membership.locked),
            )
        )
    team_rows = [
        TeamRow(team=str(teams[code]), capacity=teams[code].capacity, **figures)
        for code, figures in metrics["teams"].items()
    ]
    return Report(
        first_choice_share=metrics["first_choice_share"],
        top_two_share=metrics["top_two_share"],
        total_cost=metrics["total_cost"],
        max_region_count=metrics["max_region_count"],
        teams=team_rows,
        people=people,
    )
