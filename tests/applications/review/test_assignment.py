"""The assignment planner (applications/review/assignment.py), with no database: conflicts,
distinct experts of the right direction, even loads, and filling only what is missing."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from applications.review.assignment import Expert, Need, conflicted, plan


def need(application_id, direction="culture", wanted=2, **fields):
    fields.setdefault("applicant_id", 10_000 + application_id)
    return Need(
        application_id=application_id,
        role=fields.pop("role", "blogger"),
        direction=direction,
        wanted=wanted,
        **fields,
    )


def test_each_application_gets_distinct_experts_of_its_first_direction():
    experts = [
        Expert(1, frozenset({"culture"})),
        Expert(2, frozenset({"culture"})),
        Expert(3, frozenset({"agro"})),
    ]
    result = plan([need(1), need(2, "agro", wanted=1)], experts)
    assert sorted(result.pairs) == [(1, 1), (1, 2), (2, 3)]
    assert result.short == {}


def test_nobody_judges_their_own_application_or_a_person_region_or_organization_they_named():
    own = Expert(7, frozenset({"culture"}))
    assert conflicted(own, need(1, applicant_id=7))
    assert conflicted(Expert(1, frozenset({"culture"}), people=frozenset({55})), need(1, applicant_id=55))
    assert conflicted(Expert(1, frozenset({"culture"}), regions=frozenset({"52"})), need(1, region="52"))
    named = Expert(1, frozenset({"culture"}), organizations=("департамент туризма",))
    assert conflicted(named, need(1, role="official", organization="Департамент туризма и культуры"))
    assert not conflicted(named, need(1, role="official", organization="Департамент здравоохранения"))
    assert not conflicted(own, need(1, region="52"))


def test_nobody_judges_officials_of_the_ministry_they_work_for():
    colleague = Expert(1, frozenset({"health"}), ministry="health")
    assert conflicted(colleague, need(1, "health", role="official", ministry="health"))
    # Bloggers of that direction are fine: they are not the expert's colleagues.
    assert not conflicted(colleague, need(1, "health", role="blogger"))
    result = plan(
        [need(1, "health", wanted=1, role="official", ministry="health")],
        [colleague, Expert(2, frozenset({"health"}))],
    )
    assert result.pairs == [(1, 2)]


def test_experts_already_on_an_application_are_not_assigned_again_and_only_what_is_missing_is_filled():
    experts = [Expert(e, frozenset({"culture"})) for e in (1, 2, 3)]
    result = plan([need(1, wanted=1, assigned=frozenset({1, 2}))], experts, loads={1: 5, 2: 5})
    assert result.pairs == [(1, 3)]
    assert plan([need(1, wanted=0)], experts).pairs == []


def test_an_application_without_enough_eligible_experts_is_reported_short():
    result = plan([need(1, wanted=3)], [Expert(1, frozenset({"culture"})), Expert(2, frozenset({"culture"}))])
    assert len(result.pairs) == 2
    assert result.short == {1: 1}


def test_the_plan_fills_the_least_loaded_first():
    experts = [
        Expert(1, frozenset({"culture"})),
        Expert(2, frozenset({"culture"})),
        Expert(3, frozenset({"culture"})),
    ]
    loads = {1: 3, 2: 0, 3: 1}
    result = plan([need(n, wanted=1) for n in range(1, 5)], experts, loads=loads)
    picked = Counter(e for _a, e in result.pairs)
    assert result.pairs[0] == (1, 2) and picked[1] == 0
    after = [loads[e] + picked[e] for e in (1, 2, 3)]
    assert max(after) - min(after) <= 1


def test_the_same_season_gives_the_same_plan_and_pairs_vary():
    experts = [Expert(e, frozenset({"culture"})) for e in range(1, 9)]
    needs = [need(n) for n in range(1, 101)]
    first = plan(needs, experts)
    assert plan(list(reversed(needs)), experts).pairs == first.pairs
    pairs = Counter(frozenset(e for a, e in first.pairs if a == n) for n in range(1, 101))
    assert len(pairs) > 10


@settings(max_examples=100, deadline=None)
@given(
    groups=st.lists(st.sampled_from(["culture", "health", "agro", "culture+agro"]), min_size=2, max_size=14),
    applications=st.lists(
        st.tuples(st.sampled_from(["culture", "health", "agro"]), st.integers(1, 3)), max_size=120
    ),
)
def test_experts_eligible_for_the_same_work_hold_counts_that_differ_by_at_most_one(groups, applications):
    experts = [Expert(n, frozenset(g.split("+"))) for n, g in enumerate(groups, start=1)]
    needs = [need(n, direction, wanted) for n, (direction, wanted) in enumerate(applications, start=1)]
    result = plan(needs, experts)
    loads = Counter(e for _a, e in result.pairs)
    for group in set(groups):
        counts = [loads[e.expert_id] for e in experts if e.directions == frozenset(group.split("+"))]
        assert max(counts) - min(counts) <= 1
    for n, (direction, wanted) in enumerate(applications, start=1):
        mine = [e for a, e in result.pairs if a == n]
        assert len(mine) == len(set(mine))
        assert all(direction in experts[e - 1].directions for e in mine)
        eligible = sum(direction in e.directions for e in experts)
        assert len(mine) == min(wanted, eligible)
