"""Who goes to which direction's team: the season's team formation, with no Django in it.

Plain dataclasses in and out, so the admin, the command line, a Celery job and the tests
run the same rules. ``form_teams`` does, in order:

1. Checks the input and binds people who are not the formation's to place: a locked
   person goes to ``locked_direction``; otherwise an official with a ``home_direction``
   goes there. Anything that cannot hold raises ``FormationError`` naming what to fix.
2. First objective: the smallest total preference cost over the people who are not bound,
   by a min-cost flow (groups of identical people → region-and-team → team).
3. Second objective: among formations with that total, the smallest possible largest
   number of people from one region in one team (bound people count too): the smallest
   bound on every region-and-team arc for which the flow still reaches that total, found
   by binary search.
4. Spreads each group's flow over its members in the order of their ids, and measures
   the result (``Formation.metrics``).

A person's cost for a team is the team's position among their preferences (0 for the
first choice), or ``len(teams)`` when it is not among them. Preferences are read as the
directions on offer, best first: a direction with no team this time and a repeat of an
earlier choice are passed over, so the next choice moves up.

Both objectives are exact: OR-tools' min-cost flow works in integers and returns a true
optimum. The output depends only on the people and teams given, not on their order.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from teams.formation_flow import PreferenceFlow

BLOGGER = "blogger"
OFFICIAL = "official"
ROLES = (BLOGGER, OFFICIAL)
# How many person ids a message names before it says how many more there are.
NAMED_IN_MESSAGE = 5


@dataclass(frozen=True)
class Person:
    id: str
    role: str  # "blogger" or "official"
    region: str
    preferences: tuple[str, ...]  # direction slugs, best first
    home_direction: str | None = None  # an official's ministry's direction
    locked_direction: str | None = None


@dataclass(frozen=True)
class TeamSpec:
    direction: str
    capacity: int


@dataclass
class Formation:
    assignment: dict[str, str]  # person id -> direction
    metrics: dict


class FormationError(ValueError):
    """The hard rules cannot all hold. ``problems`` lists each reason, in Russian, in
    words an organizer can act on; ``str()`` gives them one to a line."""

    def __init__(self, problems: Sequence[str]):
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


def form_teams(people: Sequence[Person], teams: Sequence[TeamSpec]) -> Formation:
    """Places every person in one team; see the module's docstring for the steps."""
    problem = _Problem(people, teams)
    assignment = dict(problem.bound)
    if problem.groups:
        flow = problem.flow()
        least_cost = _solved(flow, limit=None)
        _balance_regions(problem, flow, least_cost)
        assignment.update(problem.spread(flow))
    in_given_order = {person.id: assignment[person.id] for person in people}
    return Formation(assignment=in_given_order, metrics=formation_metrics(people, teams, in_given_order))


def least_total_cost(people: Sequence[Person], teams: Sequence[TeamSpec]) -> int:
    """The first objective alone: the smallest total preference cost any formation that
    keeps the hard rules reaches. ``form_teams`` reaches exactly this total."""
    problem = _Problem(people, teams)
    return _solved(problem.flow(), limit=None) if problem.groups else 0


def formation_metrics(
    people: Sequence[Person], teams: Sequence[TeamSpec], assignment: dict[str, str]
) -> dict:
    """How good a formation is, as plain numbers (ready for JSON and the dashboard).

    ``first_choice_share``, ``top_two_share`` and ``total_cost`` are over the people the
    formation placed by preference (bound people are where the rules put them; 0.0 when
    there are none). ``max_region_count`` is the largest number of people from one
    region in one team, all people counted. ``teams`` maps each direction, in the order
    given, to its ``size``, ``bloggers``, ``officials``, distinct ``regions`` and its own
    ``max_region_count``."""
    directions = [team.direction for team in teams]
    placed_costs = [
        _cost(person.preferences, assignment[person.id], directions)
        for person in people
        if _binding(person) is None
    ]
    members: dict[str, list[Person]] = {direction: [] for direction in directions}
    for person in people:
        members[assignment[person.id]].append(person)
    per_team = {direction: _team_metrics(team_members) for direction, team_members in members.items()}
    return {
        "first_choice_share": _share(cost == 0 for cost in placed_costs),
        "top_two_share": _share(cost <= 1 for cost in placed_costs),
        "total_cost": sum(placed_costs),
        "max_region_count": max((team["max_region_count"] for team in per_team.values()), default=0),
        "teams": per_team,
    }


def _team_metrics(members: list[Person]) -> dict:
    roles = Counter(person.role for person in members)
    regions = Counter(person.region for person in members)
    return {
        "size": len(members),
        "bloggers": roles[BLOGGER],
        "officials": roles[OFFICIAL],
        "regions": len(regions),
        "max_region_count": max(regions.values(), default=0),
    }


def _share(hits: Iterable[bool]) -> float:
    hits = list(hits)
    return sum(hits) / len(hits) if hits else 0.0


def _ranked(preferences: Iterable[str], directions: Iterable[str]) -> tuple[str, ...]:
    """The preferences that name a team on offer, best first, each once."""
    on_offer = set(directions)
    return tuple(direction for direction in dict.fromkeys(preferences) if direction in on_offer)


def _cost(preferences: Iterable[str], direction: str, directions: Sequence[str]) -> int:
    ranked = _ranked(preferences, directions)
    return ranked.index(direction) if direction in ranked else len(directions)


def _binding(person: Person) -> str | None:
    """The direction the hard rules put a person in, if any."""
    if person.locked_direction is not None:
        return person.locked_direction
    if person.role == OFFICIAL:
        return person.home_direction
    return None


def _solved(flow: PreferenceFlow, *, limit: int | None) -> int:
    cost = flow.least_cost(limit=limit)
    if cost is None:
        # The capacity checks in _Problem make an unbounded flow always feasible.
        raise RuntimeError("the min-cost flow found no formation though every capacity check passed")
    return cost


def _balance_regions(problem: _Problem, flow: PreferenceFlow, least_cost: int) -> None:
    """Leaves in ``flow`` the solution with the smallest per-region-and-team bound that
    still reaches ``least_cost``. A tighter bound only ever raises the cost, so the bounds
    that keep it form a tail of the range, and bisection finds where the tail starts."""
    low = max(
        max(problem.bound_region_counts.values(), default=0),
        max(math.ceil(size / len(problem.directions)) for size in problem.region_sizes.values()),
    )
    # The unbounded solution keeps the least cost with its own largest count.
    high = max(flow.region_team_counts().values())
    best = low + bisect.bisect_left(
        range(low, high), True, key=lambda limit: flow.least_cost(limit=limit) == least_cost
    )
    # The last probe may have been below the answer: then solve at the answer again.
    if flow.limit != best:
        _solved(flow, limit=best)


class _Problem:
    """The checked input: who is bound where, and the groups of identical free people."""

    def __init__(self, people: Sequence[Person], teams: Sequence[TeamSpec]):
        # Sorted, so the result does not depend on the order the teams were given in.
        self.directions = sorted(team.direction for team in teams)
        self.capacity = {team.direction: team.capacity for team in teams}
        _raise_if_any(_input_problems(people, teams))
        self.bound = {person.id: _binding(person) for person in people if _binding(person) is not None}
        by_id = {person.id: person for person in people}
        self.bound_region_counts = Counter(
            (by_id[person_id].region, direction) for person_id, direction in self.bound.items()
        )
        self.region_sizes = Counter(person.region for person in people)
        _raise_if_any(_capacity_problems(people, teams, self.bound))
        groups = defaultdict(list)
        for person in people:
            if person.id not in self.bound:
                groups[person.region, _ranked(person.preferences, self.directions)].append(person.id)
        # Sorted, so the result does not depend on the order the people were given in.
        self.groups = {key: sorted(ids) for key, ids in sorted(groups.items())}

    def flow(self) -> PreferenceFlow:
        bound_per_team = Counter(self.bound.values())
        return PreferenceFlow(
            groups=[(region, ranked, len(ids)) for (region, ranked), ids in self.groups.items()],
            directions=self.directions,
            room={
                direction: self.capacity[direction] - bound_per_team[direction]
                for direction in self.directions
            },
            bound_region_counts=self.bound_region_counts,
        )

    def spread(self, flow: PreferenceFlow) -> dict[str, str]:
        """Each group's people, in the order of their ids, to the directions the flow sent
        the group's units to."""
        assignment = {}
        for ids, directions in zip(self.groups.values(), flow.group_directions(), strict=True):
            assignment.update(zip(ids, directions, strict=True))
        return assignment


def _raise_if_any(problems: list[str]) -> None:
    if problems:
        raise FormationError(problems)


def _named(ids: Sequence[str]) -> str:
    shown = ", ".join(f"«{person_id}»" for person_id in sorted(ids)[:NAMED_IN_MESSAGE])
    rest = len(ids) - NAMED_IN_MESSAGE
    return f"{shown} и ещё {rest}" if rest > 0 else shown


def _input_problems(people: Sequence[Person], teams: Sequence[TeamSpec]) -> list[str]:
    problems = []
    repeated_ids = [person_id for person_id, count in Counter(p.id for p in people).items() if count > 1]
    if repeated_ids:
        problems.append(f"Участники указаны больше одного раза: {_named(repeated_ids)}.")
    repeated_teams = [
        direction for direction, count in Counter(t.direction for t in teams).items() if count > 1
    ]
    for direction in sorted(repeated_teams):
        problems.append(f"Команда направления «{direction}» указана больше одного раза.")
    for team in sorted(teams, key=lambda team: team.direction):
        if team.capacity < 0:
            problems.append(
                f"Вместимость команды направления «{team.direction}» не может быть отрицательной "
                f"(указано {team.capacity})."
            )
    unknown_roles = defaultdict(list)
    for person in people:
        if person.role not in ROLES:
            unknown_roles[person.role].append(person.id)
    for role, ids in sorted(unknown_roles.items()):
        problems.append(
            f"Неизвестная роль «{role}» у участников {_named(ids)}: "
            f"роль — «{BLOGGER}» (блогер) или «{OFFICIAL}» (госслужащий)."
        )
    directions = {team.direction for team in teams}
    locked_nowhere, home_nowhere = defaultdict(list), defaultdict(list)
    for person in people:
        direction = _binding(person)
        if direction is not None and direction not in directions:
            nowhere = locked_nowhere if person.locked_direction is not None else home_nowhere
            nowhere[direction].append(person.id)
    for direction, ids in sorted(locked_nowhere.items()):
        problems.append(
            f"За направлением «{direction}» закреплены участники {_named(ids)}, "
            f"но команды этого направления нет."
        )
    for direction, ids in sorted(home_nowhere.items()):
        problems.append(
            f"Госслужащие {_named(ids)} относятся к направлению «{direction}» своего министерства, "
            f"но команды этого направления нет: закрепите их за другой командой или добавьте эту."
        )
    return problems


def _capacity_problems(
    people: Sequence[Person], teams: Sequence[TeamSpec], bound: dict[str, str]
) -> list[str]:
    problems = []
    locked = Counter(person.locked_direction for person in people if person.locked_direction is not None)
    at_home = Counter(bound.values()) - locked
    for team in sorted(teams, key=lambda team: team.direction):
        bound_here = locked[team.direction] + at_home[team.direction]
        if bound_here > team.capacity:
            problems.append(
                f"В команду направления «{team.direction}» правила ставят {bound_here} чел. "
                f"(закреплены вручную: {locked[team.direction]}, госслужащие министерства "
                f"направления: {at_home[team.direction]}), а её вместимость — {team.capacity}. "
                f"Уберите из неё {bound_here - team.capacity} чел. (открепите или закрепите за другой "
                f"командой) или увеличьте вместимость."
            )
    seats = sum(team.capacity for team in teams)
    if len(people) > seats:
        problems.append(
            f"Участников — {len(people)}, а мест во всех командах — {seats}: "
            f"не хватает {len(people) - seats}. Увеличьте вместимость команд."
        )
    return problems
