"""The min-cost flow network behind ``teams.formation``: no Django, no people, only counts.

    group (people of one region with the same preferences, supply = their number)
      ── cost = rank ──→ region-and-team ── at most the bound ──→ team ── room ──→ sink
      ── cost = len(teams) ──→ region hub ── cost 0 ──→ region-and-team (any team)

The hub stands for "a team the group did not list" without one arc per group and team:
it reaches a listed team too, but only at the price of an unlisted one, which is never
cheaper than the direct arc, so the least cost is the same as with one arc per team, and
at that least cost no unit of a group passes the hub to a team the group listed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow


class PreferenceFlow:
    """One formation's network, built once and solved again under each region bound."""

    def __init__(
        self,
        *,
        groups: Sequence[tuple[str, tuple[str, ...], int]],
        directions: Sequence[str],
        room: Mapping[str, int],
        bound_region_counts: Mapping[tuple[str, str], int],
    ):
        """``groups``: (region, directions on offer ranked best first, number of people);
        ``room``: free places per team once bound people are in; ``bound_region_counts``:
        bound people per (region, direction), which the bound on each arc leaves room for."""
        self.groups = groups
        self.directions = list(directions)
        self.people = sum(size for _, _, size in groups)
        self.limit: int | None = None
        regions = sorted({region for region, _, _ in groups})
        team_count = len(self.directions)
        column = {direction: index for index, direction in enumerate(self.directions)}
        group_nodes = len(groups)
        hub = {region: group_nodes + index for index, region in enumerate(regions)}
        first_region_team = group_nodes + len(regions)
        region_team = {
            (region, direction): first_region_team + row * team_count + column[direction]
            for row, region in enumerate(regions)
            for direction in self.directions
        }
        first_team = first_region_team + len(region_team)
        sink = first_team + team_count

        tails, heads, capacities, costs = [], [], [], []

        def arc(tail: int, head: int, capacity: int, cost: int) -> int:
            tails.append(tail)
            heads.append(head)
            capacities.append(capacity)
            costs.append(cost)
            return len(tails) - 1

        # Per group: (direction, arc) in rank order, then its hub arc if it has one.
        self._group_arcs: list[list[tuple[str, int]]] = []
        self._hub_arc: list[int | None] = []
        regions_with_hub = set()
        for node, (region, ranked, size) in enumerate(groups):
            self._group_arcs.append(
                [
                    (direction, arc(node, region_team[region, direction], size, rank))
                    for rank, direction in enumerate(ranked)
                ]
            )
            listed_all = len(ranked) == team_count
            self._hub_arc.append(None if listed_all else arc(node, hub[region], size, team_count))
            if not listed_all:
                regions_with_hub.add(region)
        self._pool_arcs = {
            region: [
                (direction, arc(hub[region], region_team[region, direction], self.people, 0))
                for direction in self.directions
            ]
            for region in sorted(regions_with_hub)
        }
        self._bounded = [
            (key, arc(node, first_team + column[key[1]], self.people, 0), bound_region_counts.get(key, 0))
            for key, node in region_team.items()
        ]
        for direction in self.directions:
            arc(first_team + column[direction], sink, room[direction], 0)

        self._solver = SimpleMinCostFlow()
        self._solver.add_arcs_with_capacity_and_unit_cost(
            np.array(tails, dtype=np.int32),
            np.array(heads, dtype=np.int32),
            np.array(capacities, dtype=np.int64),
            np.array(costs, dtype=np.int64),
        )
        supplies = np.zeros(sink + 1, dtype=np.int64)
        supplies[:group_nodes] = [size for _, _, size in groups]
        supplies[sink] = -self.people
        self._solver.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
        self._bounded_arcs = np.array([index for _, index, _ in self._bounded], dtype=np.int32)
        self._bound_base = Counter(bound_region_counts)
        self._flows: np.ndarray | None = None

    def least_cost(self, *, limit: int | None) -> int | None:
        """The least total cost when no region has more than ``limit`` people in one team
        (bound people included; ``None``: no such bound), or ``None`` when no flow places
        everyone under that bound. The flows of this solve are the ones read afterwards."""
        if limit is None:
            capacities = np.full(len(self._bounded), self.people, dtype=np.int64)
        else:
            capacities = np.array([limit - base for _, _, base in self._bounded], dtype=np.int64)
        self._solver.set_arc_capacities(self._bounded_arcs, capacities)
        self.limit = limit
        status = self._solver.solve()
        if status != self._solver.OPTIMAL:
            self._flows = None
            return None
        self._flows = self._solver.flows(np.arange(self._solver.num_arcs(), dtype=np.int32))
        return self._solver.optimal_cost()

    def region_team_counts(self) -> Counter:
        """People per (region, direction) in the last solve, bound people included."""
        counts = Counter(self._bound_base)
        for key, index, _ in self._bounded:
            counts[key] += int(self._flows[index])
        return counts

    def group_directions(self) -> list[list[str]]:
        """Per group, in the order given, one direction per person: its direct arcs in rank
        order, then what it sent through its region's hub, taken from the hub's outflow
        team by team (which unit is whose does not change the cost, see the docstring)."""
        pools = {
            region: [[direction, int(self._flows[index])] for direction, index in arcs]
            for region, arcs in self._pool_arcs.items()
        }
        placed: list[list[str]] = []
        for (region, _, _), arcs, hub_arc in zip(self.groups, self._group_arcs, self._hub_arc, strict=True):
            directions = [direction for direction, index in arcs for _ in range(int(self._flows[index]))]
            through_hub = 0 if hub_arc is None else int(self._flows[hub_arc])
            for entry in pools.get(region, []):
                taken = min(through_hub, entry[1])
                directions += [entry[0]] * taken
                entry[1] -= taken
                through_hub -= taken
            placed.append(directions)
        return placed
