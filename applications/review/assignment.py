"""Who reviews what, with no Django in it: the conflict rules and the even spread of
work among experts. The assignment service reads the season into these dataclasses,
calls ``plan`` and writes what it returns; the demo season and the benchmark call the
same function.

Each application wants a number of experts who judge its first direction, who have no
conflict with it and who are not on it already. Applications are served in id order,
each by the eligible experts who hold the least work so far, so among experts eligible
for the same work the counts never differ by more than one. Of experts with equal
loads the pick is spread by a fixed mix of the two ids, so the same experts do not
always review in the same pairs and a run is repeatable.
"""

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

OFFICIAL = "official"


@dataclass(frozen=True)
class Expert:
    expert_id: int
    directions: frozenset[str]  # codes of the directions they judge
    # The direction whose ministry they work for: they never judge its officials.
    ministry: str | None = None
    # Conflicts they declared: people (applicant account ids), regions (ФНС codes) and
    # organizations (lower-case names, matched within an official's department).
    people: frozenset[int] = frozenset()
    regions: frozenset[str] = frozenset()
    organizations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Need:
    """An application that wants ``wanted`` more experts."""

    application_id: int
    applicant_id: int
    role: str
    direction: str  # code of its first direction
    wanted: int
    ministry: str | None = None  # an official's ministry, as a direction code
    region: str | None = None
    organization: str = ""  # an official's department
    # Every expert ever assigned to it, finished, unfinished or replaced: none of them again.
    assigned: frozenset[int] = field(default_factory=frozenset)


def conflicted(expert: Expert, need: Need) -> bool:
    """Whether ``expert`` must not judge the application: their own, a person or region
    they named, an organization they named within the official's department, or an
    official of the ministry they work for."""
    if need.applicant_id == expert.expert_id or need.applicant_id in expert.people:
        return True
    if need.region is not None and need.region in expert.regions:
        return True
    if need.role == OFFICIAL:
        if expert.ministry is not None and expert.ministry == need.ministry:
            return True
        department = need.organization.casefold()
        if department and any(name in department for name in expert.organizations):
            return True
    return False


def eligible(expert: Expert, need: Need) -> bool:
    return (
        need.direction in expert.directions
        and expert.expert_id not in need.assigned
        and not conflicted(expert, need)
    )


def _mix(application_id: int, expert_id: int) -> int:
    # A cheap, fixed integer hash (Knuth's multiplicative constant), not Python's
    # hash(): the same season gives the same plan in every process.
    return ((application_id * 2654435761) ^ (expert_id * 40503)) & 0xFFFFFFFF


@dataclass(frozen=True)
class Plan:
    pairs: list[tuple[int, int]]  # (application id, expert id), in the order made
    # Applications left short of experts: nobody eligible was free. id -> how many missing.
    short: dict[int, int]


def plan(needs: Iterable[Need], experts: Iterable[Expert], loads: Mapping[int, int] | None = None) -> Plan:
    """The new (application, expert) pairs that give each need its ``wanted`` experts.
    ``loads`` are the assignments each expert holds already (this season, unfinished or
    done); the plan adds to them evenly."""
    experts = list(experts)
    load = {e.expert_id: (loads or {}).get(e.expert_id, 0) for e in experts}
    by_direction: dict[str, list[Expert]] = {}
    for expert in experts:
        for direction in expert.directions:
            by_direction.setdefault(direction, []).append(expert)
    pairs: list[tuple[int, int]] = []
    short: dict[int, int] = {}
    for need in sorted(needs, key=lambda n: n.application_id):
        if need.wanted <= 0:
            continue
        candidates = [e for e in by_direction.get(need.direction, ()) if eligible(e, need)]
        chosen = heapq.nsmallest(
            need.wanted,
            candidates,
            key=lambda e, a=need.application_id: (load[e.expert_id], _mix(a, e.expert_id)),
        )
        for expert in chosen:
            load[expert.expert_id] += 1
            pairs.append((need.application_id, expert.expert_id))
        if len(chosen) < need.wanted:
            short[need.application_id] = need.wanted - len(chosen)
    return Plan(pairs=pairs, short=short)
