"""teams.formation: the hard rules, both objectives, the organizer's error messages, the
metrics and determinism; property tests against independent exact solvers (oracles.py)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teams.formation import FormationError, Person, TeamSpec, form_teams, least_total_cost
from tests.teams.oracles import assert_keeps_rules, assignment_optimum, brute_force, objectives

# No example database on disk, no deadline: the machine is shared and timings vary.
PROPERTY = settings(database=None, deadline=None)


def blogger(person_id, *preferences, region="77", **bindings):
    return Person(person_id, "blogger", region, tuple(preferences), **bindings)


def official(person_id, *preferences, region="77", **bindings):
    return Person(person_id, "official", region, tuple(preferences), **bindings)


def teams_of(**capacities):
    return [TeamSpec(direction, capacity) for direction, capacity in capacities.items()]


def refusal(people, teams) -> list[str]:
    with pytest.raises(FormationError) as raised:
        form_teams(people, teams)
    return list(raised.value.problems)


# The hard rules


def test_a_full_team_sends_the_rest_to_their_next_choice():
    people = [blogger(f"b{index}", "culture", "health") for index in range(4)]
    formation = form_teams(people, teams_of(culture=2, health=2))
    assert sorted(formation.assignment.values()) == ["culture", "culture", "health", "health"]
    assert formation.metrics["total_cost"] == 2


def test_a_locked_person_goes_to_the_locked_team_whatever_they_prefer():
    people = [blogger("locked", "health", locked_direction="culture"), blogger("free", "health")]
    formation = form_teams(people, teams_of(culture=1, health=1))
    assert formation.assignment == {"locked": "culture", "free": "health"}


def test_an_official_goes_to_the_home_direction_unless_locked_elsewhere():
    people = [
        official("home", "health", home_direction="culture"),
        official("locked", "culture", home_direction="culture", locked_direction="agro"),
        blogger("blogger", "agro", home_direction="culture"),  # a blogger has no ministry
    ]
    formation = form_teams(people, teams_of(culture=3, health=3, agro=3))
    assert formation.assignment == {"home": "culture", "locked": "agro", "blogger": "agro"}


def test_bound_people_add_nothing_to_the_total_cost():
    people = [official("o", "health", home_direction="culture"), blogger("l", locked_direction="health")]
    formation = form_teams(people, teams_of(culture=1, health=1))
    assert formation.metrics["total_cost"] == 0


# The objectives


def test_the_total_is_the_optimum_not_the_first_come_first_served_one():
    # Serving "a" first gives it culture and leaves "b" unlisted health: 0 + 2. The optimum
    # is b's only choice for b and a's second for a: 0 + 1.
    people = [blogger("a", "culture", "health"), blogger("b", "culture")]
    formation = form_teams(people, teams_of(culture=1, health=1))
    assert formation.assignment == {"a": "health", "b": "culture"}
    assert formation.metrics["total_cost"] == least_total_cost(people, teams_of(culture=1, health=1)) == 1


def test_a_team_not_among_the_preferences_costs_the_number_of_teams():
    people = [blogger("a", "culture"), blogger("b", "culture")]
    assert form_teams(people, teams_of(culture=1, health=1, agro=1)).metrics["total_cost"] == 3


def test_a_choice_with_no_team_and_a_repeated_choice_are_passed_over():
    # Ranked among the teams on offer: health first, agro second.
    people = [blogger("a", "tourism", "health", "health", "agro"), blogger("b", "health")]
    formation = form_teams(people, teams_of(health=1, agro=1))
    assert formation.assignment == {"a": "agro", "b": "health"}
    assert formation.metrics["total_cost"] == 1
    assert formation.metrics["top_two_share"] == 1.0


def test_equal_totals_are_broken_by_the_region_spread_counting_bound_people():
    people = [
        official("o77", region="77", home_direction="culture"),
        blogger("b77", region="77"),
        blogger("b50", region="50"),
    ]
    formation = form_teams(people, teams_of(culture=2, health=2))
    assert formation.assignment["b77"] == "health"
    assert formation.metrics["max_region_count"] == 1


def test_the_region_spread_never_raises_the_total_cost():
    people = [blogger(f"b{index}", "culture", region="77") for index in range(3)]
    formation = form_teams(people, teams_of(culture=3, health=3))
    assert set(formation.assignment.values()) == {"culture"}
    assert formation.metrics["max_region_count"] == 3


# Determinism


def test_a_tie_is_broken_the_same_way_whatever_the_order_of_people_and_teams():
    a, b = blogger("a", "culture", "health", region="77"), blogger("b", "culture", "health", region="50")
    teams = teams_of(culture=1, health=1)
    formations = [form_teams([a, b], teams), form_teams([b, a], teams), form_teams([a, b], teams[::-1])]
    assert [formation.assignment for formation in formations] == [{"a": "health", "b": "culture"}] * 3


def test_people_who_do_not_mind_are_placed_the_same_way_whatever_the_order_of_teams():
    people = [blogger(f"p{index}") for index in range(3)]
    teams = teams_of(culture=2, health=1, agro=2)
    assert form_teams(people, teams).assignment == form_teams(people, teams[::-1]).assignment


# The organizer's messages


def test_repeated_people_are_named():
    assert refusal([blogger("a"), blogger("a"), blogger("b")], teams_of(culture=5)) == [
        "Участники указаны больше одного раза: «a»."
    ]


def test_a_repeated_team_is_named():
    teams = [TeamSpec("culture", 5), TeamSpec("culture", 3)]
    assert refusal([blogger("a")], teams) == ["Команда направления «culture» указана больше одного раза."]


def test_a_negative_capacity_is_named():
    assert refusal([blogger("a")], teams_of(culture=5, health=-1)) == [
        "Вместимость команды направления «health» не может быть отрицательной (указано -1)."
    ]


def test_an_unknown_role_is_named():
    person = Person("a", "expert", "77", ())
    assert refusal([person], teams_of(culture=5)) == [
        "Неизвестная роль «expert» у участников «a»: роль — «blogger» (блогер) или «official» (госслужащий)."
    ]


def test_a_lock_to_a_direction_with_no_team_is_named():
    people = [blogger("a", locked_direction="tourism"), official("b", locked_direction="tourism")]
    assert refusal(people, teams_of(culture=5)) == [
        "За направлением «tourism» закреплены участники «a», «b», но команды этого направления нет."
    ]


def test_a_home_direction_with_no_team_is_named_and_a_lock_elsewhere_overrides_it():
    people = [
        official("a", home_direction="tourism"),
        official("b", home_direction="tourism", locked_direction="culture"),
    ]
    assert refusal(people, teams_of(culture=5)) == [
        "Госслужащие «a» относятся к направлению «tourism» своего министерства, но команды этого "
        "направления нет: закрепите их за другой командой или добавьте эту."
    ]


def test_a_team_overfilled_by_bound_people_names_the_team_the_count_and_the_capacity():
    people = [official(f"o{index}", home_direction="culture") for index in range(3)]
    people.append(blogger("locked", locked_direction="culture"))
    assert refusal(people, teams_of(culture=2, health=5)) == [
        "В команду направления «culture» правила ставят 4 чел. (закреплены вручную: 1, госслужащие "
        "министерства направления: 3), а её вместимость — 2. Уберите из неё 2 чел. (открепите или "
        "закрепите за другой командой) или увеличьте вместимость."
    ]


def test_more_people_than_places_gives_both_numbers():
    people = [blogger(f"b{index}") for index in range(5)]
    assert refusal(people, teams_of(culture=2, health=2)) == [
        "Участников — 5, а мест во всех командах — 4: не хватает 1. Увеличьте вместимость команд."
    ]
    assert refusal(people, []) == [
        "Участников — 5, а мест во всех командах — 0: не хватает 5. Увеличьте вместимость команд."
    ]


def test_every_problem_is_listed_one_to_a_line_and_long_lists_of_people_are_cut():
    people = [blogger(f"p{index}", locked_direction="tourism") for index in range(7)]
    people.append(Person("p9", "expert", "77", ()))
    with pytest.raises(FormationError) as raised:
        least_total_cost(people, [TeamSpec("culture", 9), TeamSpec("culture", 9)])
    assert isinstance(raised.value, ValueError)
    assert str(raised.value) == "\n".join(
        [
            "Команда направления «culture» указана больше одного раза.",
            "Неизвестная роль «expert» у участников «p9»: "
            "роль — «blogger» (блогер) или «official» (госслужащий).",
            "За направлением «tourism» закреплены участники «p0», «p1», «p2», «p3», «p4» и ещё 2, "
            "но команды этого направления нет.",
        ]
    )


# The metrics


def test_metrics_measure_the_whole_formation_and_each_team():
    people = [
        official("o1", "health", region="16", home_direction="culture"),
        blogger("b1", "culture", "health", region="77"),
        blogger("b2", "culture", "health", region="77"),
        blogger("b3", "health", "culture", region="77"),
        blogger("b4", "culture", region="50"),
    ]
    formation = form_teams(people, teams_of(culture=3, health=2, agro=1))
    assert formation.assignment == {
        "o1": "culture",
        "b1": "culture",
        "b2": "health",
        "b3": "health",
        "b4": "culture",
    }
    assert formation.metrics == {
        "first_choice_share": 3 / 4,
        "top_two_share": 1.0,
        "total_cost": 1,
        "max_region_count": 2,
        "teams": {
            "culture": {"size": 3, "bloggers": 2, "officials": 1, "regions": 3, "max_region_count": 1},
            "health": {"size": 2, "bloggers": 2, "officials": 0, "regions": 1, "max_region_count": 2},
            "agro": {"size": 0, "bloggers": 0, "officials": 0, "regions": 0, "max_region_count": 0},
        },
    }


def test_no_people_is_an_empty_formation():
    formation = form_teams([], teams_of(culture=30))
    assert formation.assignment == {}
    assert formation.metrics["first_choice_share"] == formation.metrics["total_cost"] == 0
    assert formation.metrics["teams"]["culture"]["size"] == 0


# Property tests against independent exact solvers

OFFERED = ["culture", "health", "agro", "science"]
DIRECTIONS = [*OFFERED, "tourism"]  # tourism never has a team: a choice to pass over


@st.composite
def formations(draw, *, most_people, most_teams, most_capacity):
    directions = draw(st.lists(st.sampled_from(OFFERED), min_size=1, max_size=most_teams, unique=True))
    teams = [TeamSpec(direction, draw(st.integers(0, most_capacity))) for direction in directions]
    regions = draw(st.lists(st.sampled_from(["77", "50", "16"]), min_size=1, unique=True))
    people = []
    for index in range(draw(st.integers(0, most_people))):
        role = draw(st.sampled_from(["blogger", "official"]))
        people.append(
            Person(
                id=f"p{index}",
                role=role,
                region=draw(st.sampled_from(regions)),
                preferences=tuple(draw(st.lists(st.sampled_from(DIRECTIONS), max_size=4))),
                home_direction=draw(st.sampled_from(DIRECTIONS))
                if role == "official" and draw(st.booleans())
                else None,
                locked_direction=draw(st.sampled_from(DIRECTIONS)) if draw(st.integers(0, 5)) == 0 else None,
            )
        )
    return people, teams


@settings(PROPERTY, max_examples=300)
@given(formations(most_people=6, most_teams=3, most_capacity=4))
def test_both_objectives_match_brute_force_and_refusals_match_infeasibility(case):
    people, teams = case
    best = brute_force(people, teams)
    if best is None:
        with pytest.raises(FormationError):
            form_teams(people, teams)
        return
    formation = form_teams(people, teams)
    assert_keeps_rules(people, teams, formation.assignment)
    assert objectives(people, teams, formation.assignment) == best
    assert (formation.metrics["total_cost"], formation.metrics["max_region_count"]) == best


@settings(PROPERTY, max_examples=100)
@given(formations(most_people=60, most_teams=4, most_capacity=30))
def test_both_objectives_match_an_assignment_solver_and_a_milp_on_larger_inputs(case):
    people, teams = case
    try:
        formation = form_teams(people, teams)
    except FormationError:
        return  # whether a refusal is right is the brute-force property's question
    assert_keeps_rules(people, teams, formation.assignment)
    optimum = assignment_optimum(people, teams)
    assert objectives(people, teams, formation.assignment) == optimum
    assert least_total_cost(people, teams) == optimum[0]


@settings(PROPERTY, max_examples=100)
@given(formations(most_people=60, most_teams=4, most_capacity=30), st.data())
def test_the_formation_depends_on_the_input_not_on_its_order(case, data):
    people, teams = case
    try:
        formation = form_teams(people, teams)
    except FormationError:
        return
    assert form_teams(people, teams) == formation
    shuffled_people = data.draw(st.permutations(people))
    shuffled_teams = data.draw(st.permutations(teams))
    assert form_teams(shuffled_people, shuffled_teams).assignment == formation.assignment
