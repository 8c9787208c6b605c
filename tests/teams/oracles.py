"""Independent answers to what ``teams.formation`` must find, for the property tests.

Written from the issue's rules, sharing no code with the module: brute force over every
assignment for tiny inputs (both objectives at once), and for larger ones SciPy's
``linear_sum_assignment`` (an assignment algorithm, not a flow) on one column per free
place for the first objective, then a mixed-integer program (HiGHS through ``milp``) for
the second, which keeps the first total and minimises the largest region-and-team count.
"""

from collections import Counter
from itertools import product

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp

from teams.formation import Person, TeamSpec


def rank_cost(person: Person, direction: str, directions: list[str]) -> int:
    """The issue's cost: the team's position among the person's choices that are on
    offer (repeats counted once), or the number of teams when it is not among them."""
    offered = []
    for choice in person.preferences:
        if choice in directions and choice not in offered:
            offered.append(choice)
    return offered.index(direction) if direction in offered else len(directions)


def bound_direction(person: Person) -> str | None:
    if person.locked_direction is not None:
        return person.locked_direction
    return person.home_direction if person.role == "official" else None


def assert_keeps_rules(people: list[Person], teams: list[TeamSpec], assignment: dict[str, str]) -> None:
    """Each person in exactly one of the teams, no team above capacity, bound people where
    the rules put them."""
    capacity = {team.direction: team.capacity for team in teams}
    assert sorted(assignment) == sorted(person.id for person in people)
    assert set(assignment.values()) <= set(capacity)
    for direction, size in Counter(assignment.values()).items():
        assert size <= capacity[direction], direction
    for person in people:
        if bound_direction(person) is not None:
            assert assignment[person.id] == bound_direction(person), person


def objectives(people: list[Person], teams: list[TeamSpec], assignment: dict[str, str]) -> tuple[int, int]:
    """(total cost over free people, largest number from one region in one team)."""
    directions = [team.direction for team in teams]
    total = sum(
        rank_cost(person, assignment[person.id], directions)
        for person in people
        if bound_direction(person) is None
    )
    spread = Counter((person.region, assignment[person.id]) for person in people)
    return total, max(spread.values(), default=0)


def brute_force(people: list[Person], teams: list[TeamSpec]) -> tuple[int, int] | None:
    """The best (total cost, largest region count) over every assignment that keeps the
    rules, or None when none does."""
    directions = [team.direction for team in teams]
    capacity = {team.direction: team.capacity for team in teams}
    best = None
    for choice in product(directions, repeat=len(people)):
        sizes = Counter(choice)
        if any(sizes[direction] > capacity[direction] for direction in directions):
            continue
        assignment = {person.id: direction for person, direction in zip(people, choice, strict=True)}
        if any(bound_direction(p) not in (None, assignment[p.id]) for p in people):
            continue
        score = objectives(people, teams, assignment)
        best = score if best is None else min(best, score)
    return best


def assignment_optimum(people: list[Person], teams: list[TeamSpec]) -> tuple[int, int]:
    """Both objectives for an input the rules can hold: LSA for the first, MILP for the
    second. The input must bind nobody to a team beyond its capacity."""
    directions = [team.direction for team in teams]
    free = [person for person in people if bound_direction(person) is None]
    bound = Counter(bound_direction(person) for person in people if bound_direction(person) is not None)
    room = [team.capacity - bound[team.direction] for team in teams]
    costs = np.array([[rank_cost(p, d, directions) for d in directions] for p in free], dtype=float)
    if not free:
        return 0, objectives(people, teams, {p.id: bound_direction(p) for p in people})[1]
    seat_team = [index for index, places in enumerate(room) for _ in range(places)]
    rows, columns = linear_sum_assignment(costs[:, seat_team])
    least = int(costs[:, seat_team][rows, columns].sum())
    return least, _least_spread(people, free, directions, room, costs, least)


def _least_spread(people, free, directions, room, costs, least) -> int:
    """min M over x[p, t] binary (one team per free person, room per team, total cost at
    most ``least``) with every region-and-team count, bound people included, at most M."""
    n, t = len(free), len(directions)
    variables = n * t + 1  # x row by row, then M
    rows, lower, upper = [], [], []

    def constraint(coefficients: dict[int, float], low: float, high: float) -> None:
        row = np.zeros(variables)
        for index, value in coefficients.items():
            row[index] = value
        rows.append(row)
        lower.append(low)
        upper.append(high)

    for p in range(n):
        constraint({p * t + d: 1 for d in range(t)}, 1, 1)
    for d in range(t):
        constraint({p * t + d: 1 for p in range(n)}, 0, room[d])
    constraint({p * t + d: costs[p, d] for p in range(n) for d in range(t)}, 0, least)
    bound_spread = Counter(
        (person.region, bound_direction(person)) for person in people if bound_direction(person) is not None
    )
    for region in {person.region for person in people}:
        for d, direction in enumerate(directions):
            members = {p * t + d: 1 for p, person in enumerate(free) if person.region == region}
            constraint({**members, variables - 1: -1}, -np.inf, -bound_spread[region, direction])
    objective = np.zeros(variables)
    objective[-1] = 1
    result = milp(
        objective,
        constraints=LinearConstraint(np.array(rows), lower, upper),
        integrality=np.ones(variables),
        bounds=Bounds(np.zeros(variables), np.r_[np.ones(n * t), len(people)]),
    )
    assert result.success, result.message
    return round(result.fun)
