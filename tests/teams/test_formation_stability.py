"""``places_kept``: a second formation keeps both of the core's objectives and moves no
one it need not; checked against brute force on small random inputs."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from teams.formation import Person, TeamSpec, form_teams
from teams.formation_stability import places_kept
from tests.teams.oracles import assert_keeps_rules, bound_direction, objectives
from tests.teams.test_formation import PROPERTY, formations


def test_people_whose_wishes_did_not_change_stay_where_they_are():
    teams = [TeamSpec("culture", 2), TeamSpec("health", 2)]
    # Everyone is indifferent: the core puts p0, p1 in one team by their ids.
    people = [Person(f"p{i}", "blogger", "77", ()) for i in range(4)]
    current = {"p0": "health", "p1": "health", "p2": "culture", "p3": "culture"}
    formation = form_teams(people, teams)
    kept = places_kept(people, teams, formation.assignment, current, region_bound=2)
    assert kept == current


def fewest_moves(people, teams, current, best):
    """Brute force: the fewest moves among formations with the core's objectives."""
    directions = [t.direction for t in teams]
    least = None
    for choice in itertools.product(directions, repeat=len(people)):
        assignment = {p.id: d for p, d in zip(people, choice, strict=True)}
        if any(bound_direction(p) not in (None, assignment[p.id]) for p in people):
            continue
        sizes = {d: choice.count(d) for d in directions}
        if (
            any(sizes[t.direction] > t.capacity for t in teams)
            or objectives(people, teams, assignment) != best
        ):
            continue
        moves = sum(current.get(p.id, assignment[p.id]) != assignment[p.id] for p in people)
        least = moves if least is None else min(least, moves)
    return least


@settings(PROPERTY, max_examples=200)
@given(formations(most_people=6, most_teams=3, most_capacity=4), st.data())
def test_the_objectives_hold_and_the_moves_are_fewest_within_the_region_spread(case, data):
    people, teams = case
    try:
        formation = form_teams(people, teams)
    except Exception:  # refusals are the core's tests' question
        return
    directions = [t.direction for t in teams]
    current = {p.id: data.draw(st.sampled_from(directions)) for p in people if data.draw(st.booleans())}
    best = objectives(people, teams, formation.assignment)
    kept = places_kept(people, teams, formation.assignment, current, region_bound=best[1])
    assert_keeps_rules(people, teams, kept)
    assert objectives(people, teams, kept) == best
    moves = sum(current.get(p.id, kept[p.id]) != kept[p.id] for p in people)
    assert moves == fewest_moves(people, teams, current, best)
