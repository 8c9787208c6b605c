"""The scoring core (applications/scoring.py): normalising experts' totals and selecting
by quota and minimum, checked on examples and as properties over generated seasons."""

import math
import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from applications.scoring import Candidate, Review, normalise, review_z_scores, select, standings

# --- normalise: examples


def test_an_applications_score_is_the_mean_of_its_z_scores():
    reviews = [
        Review(1, 10, 80.0),
        Review(2, 10, 60.0),  # expert 10: z = +1, -1
        Review(1, 20, 30.0),
        Review(2, 20, 30.0),
        Review(3, 20, 60.0),  # expert 20: -1/√2, -1/√2, +√2
    ]
    scores = normalise(reviews)
    assert scores[1] == pytest.approx((1 - 1 / math.sqrt(2)) / 2)
    assert scores[2] == pytest.approx((-1 - 1 / math.sqrt(2)) / 2)
    assert scores[3] == pytest.approx(math.sqrt(2))


def test_an_expert_whose_totals_are_all_equal_contributes_zero():
    assert normalise([Review(1, 5, 7.0), Review(2, 5, 7.0)]) == {1: 0.0, 2: 0.0}
    # One review is all equal too: it says nothing about which application is better.
    assert normalise([Review(1, 5, 93.0)]) == {1: 0.0}


def test_standings_tell_how_far_apart_the_experts_are():
    reviews = [Review(1, 10, 9.0), Review(2, 10, 1.0), Review(1, 20, 1.0), Review(2, 20, 9.0)]
    assert standings(reviews)[1].disagreement == pytest.approx(2.0)
    assert standings(reviews)[1].reviews == 2
    assert standings([Review(7, 10, 3.0)])[7].disagreement == 0.0


def test_nothing_reviewed_gives_nothing():
    assert normalise([]) == {}


# --- normalise: properties

expert_ids = st.integers(min_value=1, max_value=6)
application_ids = st.integers(min_value=1, max_value=30)
# Totals as forms give them: weighted sums of whole points, to two decimals.
totals = st.integers(min_value=0, max_value=10_000).map(lambda cents: cents / 100)
reviews_strategy = st.lists(
    st.builds(Review, application_id=application_ids, expert_id=expert_ids, total=totals),
    min_size=1,
    max_size=60,
).map(lambda rs: list({(r.application_id, r.expert_id): r for r in rs}.values()))


@settings(max_examples=200, deadline=None)
@given(
    reviews=reviews_strategy,
    factor=st.floats(min_value=0.05, max_value=20),
    shift=st.floats(min_value=-500, max_value=500),
    data=st.data(),
)
def test_a_harsh_or_lenient_expert_does_not_change_the_outcome(reviews, factor, shift, data):
    """Scaling one expert's totals by a positive factor and adding a constant leaves
    every application's score as it was."""
    harsh = data.draw(st.sampled_from(sorted({r.expert_id for r in reviews})))
    moved = [
        Review(r.application_id, r.expert_id, r.total * factor + shift) if r.expert_id == harsh else r
        for r in reviews
    ]
    before, after = normalise(reviews), normalise(moved)
    assert before.keys() == after.keys()
    for application_id, score in before.items():
        assert after[application_id] == pytest.approx(score, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(reviews=reviews_strategy, seed=st.integers())
def test_the_order_of_reviews_does_not_matter(reviews, seed):
    shuffled = list(reviews)
    random.Random(seed).shuffle(shuffled)
    before, after = normalise(reviews), normalise(shuffled)
    assert before.keys() == after.keys()
    assert all(after[a] == pytest.approx(s, abs=1e-12) for a, s in before.items())


@settings(max_examples=100, deadline=None)
@given(reviews=reviews_strategy)
def test_each_experts_z_scores_have_mean_zero_and_deviation_one(reviews):
    z = review_z_scores(reviews)
    for expert_id in {r.expert_id for r in reviews}:
        own = [zi for r, zi in zip(reviews, z, strict=True) if r.expert_id == expert_id]
        mean = sum(own) / len(own)
        assert mean == pytest.approx(0, abs=1e-9)
        if any(abs(zi) > 0 for zi in own):
            assert math.sqrt(sum((zi - mean) ** 2 for zi in own) / len(own)) == pytest.approx(1)


@settings(max_examples=100, deadline=None)
@given(reviews=reviews_strategy)
def test_every_reviewed_application_gets_a_score_between_its_z_scores(reviews):
    z = review_z_scores(reviews)
    scores = normalise(reviews)
    assert set(scores) == {r.application_id for r in reviews}
    for application_id, score in scores.items():
        own = [zi for r, zi in zip(reviews, z, strict=True) if r.application_id == application_id]
        assert min(own) - 1e-12 <= score <= max(own) + 1e-12


# --- select: examples


def c(application_id, score, role="blogger", direction="culture"):
    return Candidate(application_id=application_id, role=role, direction=direction, score=score)


def test_each_role_gets_exactly_its_quota_of_the_highest_scores():
    candidates = [c(1, 0.1), c(2, 0.9), c(3, 0.5), c(4, 2.0, "official"), c(5, -1.0, "official"), c(6, 0.3)]
    assert select(candidates, {"blogger": 2, "official": 1}) == [4, 2, 3]


def test_fewer_candidates_than_the_quota_are_all_selected():
    assert sorted(select([c(1, 0.0), c(2, -3.0)], {"blogger": 600, "official": 100})) == [1, 2]


def test_a_role_without_a_quota_is_not_selected():
    assert select([c(1, 5.0, "official")], {"blogger": 3}) == []


def test_ties_go_to_the_lower_application_id():
    assert select([c(9, 1.0), c(3, 1.0), c(5, 1.0)], {"blogger": 2}) == [3, 5]


def test_minimums_bring_in_the_best_of_a_direction_the_scores_alone_would_miss():
    candidates = [c(1, 3.0), c(2, 2.0), c(3, 1.0), c(4, -1.0, direction="agro"), c(5, -2.0, direction="agro")]
    assert select(candidates, {"blogger": 3}) == [1, 2, 3]
    assert select(candidates, {"blogger": 3}, {("blogger", "agro"): 1}) == [1, 2, 4]


def test_a_minimum_is_met_as_far_as_there_are_candidates():
    candidates = [c(1, 3.0), c(2, 2.0), c(3, -5.0, direction="agro")]
    assert select(candidates, {"blogger": 2}, {("blogger", "agro"): 2}) == [1, 3]


def test_minimums_adding_up_to_more_than_the_quota_are_refused():
    minimums = {("official", "culture"): 60, ("official", "health"): 50}
    with pytest.raises(ValueError, match="official"):
        select([], {"blogger": 600, "official": 100}, minimums)
    with pytest.raises(ValueError):
        select([], {"blogger": 1}, {("official", "culture"): 1})


# --- select: properties

candidates_strategy = st.lists(
    st.builds(
        Candidate,
        application_id=st.integers(min_value=1, max_value=10_000),
        role=st.sampled_from(["blogger", "official"]),
        direction=st.sampled_from(["culture", "health", "agro"]),
        # Few distinct values, so ties happen.
        score=st.integers(min_value=-6, max_value=6).map(lambda n: n / 2),
    ),
    max_size=60,
).map(lambda cs: list({x.application_id: x for x in cs}.values()))


@st.composite
def seasons(draw):
    candidates = draw(candidates_strategy)
    quotas = {"blogger": draw(st.integers(0, 25)), "official": draw(st.integers(0, 10))}
    minimums = {}
    for role, quota in quotas.items():
        left = quota
        for direction in draw(st.lists(st.sampled_from(["culture", "health", "agro"]), unique=True)):
            minimums[(role, direction)] = draw(st.integers(0, left))
            left -= minimums[(role, direction)]
    return candidates, quotas, minimums


@settings(max_examples=300, deadline=None)
@given(season=seasons())
def test_selection_meets_quotas_and_minimums_and_no_swap_would_do_better(season):
    candidates, quotas, minimums = season
    chosen = select(candidates, quotas, minimums)
    by_id = {x.application_id: x for x in candidates}
    assert len(chosen) == len(set(chosen))
    selected = [by_id[i] for i in chosen]
    available = Counter(x.role for x in candidates)
    taken = Counter(x.role for x in selected)
    for role, quota in quotas.items():
        assert taken[role] == min(quota, available[role])
    assert set(taken) <= set(quotas)
    in_direction = Counter((x.role, x.direction) for x in selected)
    offered = Counter((x.role, x.direction) for x in candidates)
    for key, minimum in minimums.items():
        assert in_direction[key] >= min(minimum, offered[key])
    # Best first, ties to the lower id.
    assert chosen == [x.application_id for x in sorted(selected, key=lambda x: (-x.score, x.application_id))]
    # Otherwise the highest scores: swapping a selected candidate for a better unselected
    # one of the same role is possible only where it would break a minimum.
    left_out = [x for x in candidates if x.application_id not in set(chosen)]
    for s in selected:
        needed = in_direction[(s.role, s.direction)] - 1 < min(
            minimums.get((s.role, s.direction), 0), offered[(s.role, s.direction)]
        )
        for u in left_out:
            if u.role != s.role or (needed and u.direction != s.direction):
                continue
            assert (s.score, -s.application_id) > (u.score, -u.application_id)


@settings(max_examples=100, deadline=None)
@given(season=seasons(), seed=st.integers())
def test_selection_does_not_depend_on_the_order_of_candidates(season, seed):
    candidates, quotas, minimums = season
    shuffled = list(candidates)
    random.Random(seed).shuffle(shuffled)
    assert select(shuffled, quotas, minimums) == select(candidates, quotas, minimums)


@given(quota=st.integers(0, 20), extra=st.integers(1, 20))
def test_any_minimums_beyond_the_quota_raise(quota, extra):
    with pytest.raises(ValueError):
        select([], {"official": quota}, {("official", "culture"): quota, ("official", "agro"): extra})
