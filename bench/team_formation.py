"""How long the team formation (``teams.formation.form_teams``) takes, beside the time of
its first objective alone (``least_total_cost``: the least total preference cost, one
min-cost flow), on a season's shape: 150 people in 5 teams (target: well under a second)
and 10,000 people in 50 teams (target: 30 s). No database, no Django.

People come from 89 regions, a few populous ones sending many; a third are officials
bound to their ministry's direction, a few bloggers are locked by hand; everyone else
lists directions best first, some directions far more wanted than others, so the first
choices do not all fit. Figures are the best of a few runs on the same input.

    .venv/bin/python bench/team_formation.py
"""

import random
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from teams.formation import OFFICIAL, Person, TeamSpec, form_teams, least_total_cost

REGIONS = 89
# (people, teams, choices each person lists, runs, target seconds)
CASES = [(150, 5, 3, 5, 1.0), (10_000, 50, 5, 3, 30.0)]


def season(people: int, teams: int, choices: int, *, seed: int) -> tuple[list[Person], list[TeamSpec]]:
    rng = random.Random(seed)
    directions = [f"direction-{index:02d}" for index in range(teams)]
    popularity = [1 / (rank + 1) ** 0.8 for rank in range(teams)]
    region_weights = [1 / (rank + 1) ** 0.9 for rank in range(REGIONS)]
    regions = rng.choices([f"{code:02d}" for code in range(1, REGIONS + 1)], region_weights, k=people)
    crowd = []
    for index, region in enumerate(regions):
        preferences = []
        while len(preferences) < choices:
            (direction,) = rng.choices(directions, popularity)
            if direction not in preferences:
                preferences.append(direction)
        official = index % 3 == 0
        crowd.append(
            Person(
                id=f"p{index:05d}",
                role=OFFICIAL if official else "blogger",
                region=region,
                preferences=tuple(preferences),
                home_direction=directions[index % teams] if official else None,
                locked_direction=rng.choice(directions) if not official and rng.random() < 0.02 else None,
            )
        )
    return crowd, [TeamSpec(direction, -(-people // teams)) for direction in directions]


def best_time(run, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    for people_count, team_count, choices, runs, target in CASES:
        people, teams = season(people_count, team_count, choices, seed=1)
        first_seconds, least = best_time(partial(least_total_cost, people, teams), runs)
        seconds, formation = best_time(partial(form_teams, people, teams), runs)
        metrics = formation.metrics
        assert metrics["total_cost"] == least, "form_teams missed the least total cost"  # noqa: S101
        print(
            f"{people_count} people in {team_count} teams: {seconds:.3f} s "
            f"(first objective alone {first_seconds:.3f} s, ×{seconds / first_seconds:.1f}); "
            f"target {target:.0f} s, headroom ×{target / seconds:.0f}"
        )
        print(
            f"  total cost {metrics['total_cost']}, first choice {metrics['first_choice_share']:.0%}, "
            f"top two {metrics['top_two_share']:.0%}, largest from one region in one team "
            f"{metrics['max_region_count']}"
        )


if __name__ == "__main__":
    main()
