"""Fewer moves when the formation runs again: among the formations as good as the one
the core found, one that leaves the most people in their current team. No Django.

``form_teams`` breaks ties by the people's ids, so a second run after a few wishes
changed would move many who changed nothing. Here the unbound people are placed again by
one min-cost flow (person → region-and-team → team), each person's arc costing their
preference cost, weighted above everything else, plus one for a change of team; the
region-and-team arcs keep the core's largest number from one region in one team, and the
teams their free places. The total preference cost stays the core's optimum (the weight
makes one step of preference dearer than moving everyone), the region spread is no worse,
and the number of people moved is the least those two allow."""

from collections import Counter
from collections.abc import Mapping, Sequence

from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

# The core's own rules of cost and binding, not a second copy of them.
from teams.formation import Person, TeamSpec, _binding, _cost


def places_kept(
    people: Sequence[Person],
    teams: Sequence[TeamSpec],
    assignment: Mapping[str, str],
    current: Mapping[str, str],
    *,
    region_bound: int,
) -> dict[str, str]:
    """``assignment`` placed again so that as many unbound people as possible stay in
    their ``current`` team, with the same total preference cost and no team holding more
    than ``region_bound`` people of one region."""
    free = [person for person in people if _binding(person) is None]
    if not any(person.id in current for person in free):
        return dict(assignment)
    directions = [team.direction for team in teams]
    bound = [person for person in people if _binding(person) is not None]
    bound_per_region = Counter((person.region, assignment[person.id]) for person in bound)
    bound_per_team = Counter(assignment[person.id] for person in bound)
    weight = len(free) + 1
    regions = sorted({person.region for person in free})
    # Nodes: people, then region-and-team, then teams, then the sink.
    region_team = {
        (region, d): len(free) + r * len(directions) + t
        for r, region in enumerate(regions)
        for t, d in enumerate(directions)
    }
    team_node = {d: len(free) + len(region_team) + t for t, d in enumerate(directions)}
    sink = len(free) + len(region_team) + len(directions)
    flow = SimpleMinCostFlow()
    arcs = {}
    for index, person in enumerate(free):
        flow.set_node_supply(index, 1)
        for d in directions:
            cost = _cost(person.preferences, d, directions) * weight + (current.get(person.id) != d)
            arcs[flow.add_arc_with_capacity_and_unit_cost(index, region_team[person.region, d], 1, cost)] = (
                person.id,
                d,
            )
    for (region, d), node in region_team.items():
        room = max(0, region_bound - bound_per_region[region, d])
        flow.add_arc_with_capacity_and_unit_cost(node, team_node[d], room, 0)
    for team in teams:
        room = max(0, team.capacity - bound_per_team[team.direction])
        flow.add_arc_with_capacity_and_unit_cost(team_node[team.direction], sink, room, 0)
    flow.set_node_supply(sink, -len(free))
    if flow.solve() != flow.OPTIMAL:
        # The core's own formation is a feasible flow: no optimum means a broken input.
        raise ValueError(f"The formation to keep places in is not feasible: {flow.solve()}")
    kept = dict(assignment)
    for arc, (person_id, d) in arcs.items():
        if flow.flow(arc):
            kept[person_id] = d
    return kept
