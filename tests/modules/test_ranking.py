"""The finalists' ranking as a pure function: the blend, the balance per direction and
role, the waiting lists, and the rule that decided each placement and borderline case."""

from collections import defaultdict

import pytest

from modules import ranking
from modules.ranking import Candidate, Plan, rank
from modules.validators import RANKING_RULES

PLAN = Plan(directions=("culture", "health"), team_size=3, officials_per_team=1, programme_weight=0.5)


def blogger(pk, *directions, programme=0.5, review=0.5, completed=True):
    return Candidate(pk, "blogger", tuple(directions), completed, programme, review)


def official(pk, ministry, programme=0.5, review=0.5):
    return Candidate(pk, "official", (ministry,), True, programme, review)


def placed(ranking, seated=True) -> dict[tuple[str, str], list[int]]:
    """Application ids by (direction, role), seated or waiting, in their order."""
    lists = defaultdict(list)
    for p in ranking.placements:
        if p.seated == seated:
            lists[p.direction, p.role].append(p.application_id)
    return lists


def by_id(ranking):
    return {p.application_id: p for p in ranking.placements}


def test_each_direction_seats_its_officials_and_bloggers_by_score():
    ranking = rank(
        [
            official(1, "culture", review=0.9),
            official(2, "culture", review=0.4),
            official(3, "health"),
            blogger(10, "culture", review=0.9),
            blogger(11, "culture", review=0.8),
            blogger(12, "culture", review=0.7),
            blogger(20, "health", review=0.6),
            blogger(21, "health", review=0.5),
        ],
        PLAN,
    )
    seated = placed(ranking)
    assert seated["culture", "official"] == [1]
    assert seated["culture", "blogger"] == [10, 11]
    assert seated["health", "official"] == [3]
    assert seated["health", "blogger"] == [20, 21]
    waiting = placed(ranking, seated=False)
    assert waiting["culture", "official"] == [2] and waiting["culture", "blogger"] == [12]
    assert by_id(ranking)[12].rule == "seats_full" and by_id(ranking)[12].position == 1
    assert len(ranking.seated) == 6 and ranking.shortfalls == ()


def test_the_blend_weighs_programme_and_review_as_configured():
    candidates = [
        blogger(1, "culture", programme=1.0, review=0.0),
        blogger(2, "culture", programme=0.0, review=0.9),
        blogger(3, "culture", programme=0.6, review=0.6),
    ]
    by_programme = rank(candidates, Plan(("culture",), 1, 0, programme_weight=1.0))
    by_review = rank(candidates, Plan(("culture",), 1, 0, programme_weight=0.0))
    halves = rank(candidates, Plan(("culture",), 1, 0, programme_weight=0.5))
    assert [p.application_id for p in by_programme.seated] == [1]
    assert [p.application_id for p in by_review.seated] == [2]
    assert [p.application_id for p in halves.seated] == [3]
    # The raw results are kept beside the blended score.
    assert (by_id(halves)[3].programme_score, by_id(halves)[3].review_score) == (0.6, 0.6)


def test_the_weight_means_what_it_says_whatever_each_results_spread():
    # Review scores as the review stage gives them (z-scores, here close together) beside
    # programme results spread over 0..1: blended raw, the programme would decide even at
    # 30 %; standardised, the review's 70 % does.
    candidates = [
        blogger(1, "culture", programme=1.0, review=0.50),
        blogger(2, "culture", programme=0.0, review=0.52),
        blogger(3, "culture", programme=0.5, review=0.51),
    ]
    ranking = rank(candidates, Plan(("culture",), 1, 0, programme_weight=0.3))
    assert [p.application_id for p in ranking.seated] == [2]
    assert by_id(ranking)[3].score == pytest.approx(0.0)


def test_a_blogger_whose_first_wish_is_full_is_seated_in_the_next_and_it_says_so():
    ranking = rank(
        [
            blogger(1, "culture", review=0.9),
            blogger(2, "culture", review=0.8),
            blogger(3, "culture", "health", review=0.7),
            blogger(4, "health", review=0.1),
        ],
        Plan(("culture", "health"), 2, 0, 0.5),
    )
    placements = by_id(ranking)
    assert (placements[3].direction, placements[3].seated, placements[3].rule) == (
        "health",
        True,
        "later_choice",
    )
    assert (placements[4].direction, placements[4].seated, placements[4].rule) == ("health", True, "score")


def test_seats_a_ministry_cannot_fill_go_to_bloggers_of_its_direction():
    ranking = rank(
        [official(1, "health")] + [blogger(10 + n, "culture", review=1 - n / 10) for n in range(4)],
        Plan(("culture", "health"), 3, 1, 0.5),
    )
    placements = by_id(ranking)
    assert [p.application_id for p in ranking.seated if p.direction == "culture"] == [10, 11, 12]
    assert placements[12].rule == "official_seat"
    assert ranking.waiting[0].application_id == 13
    # Health has its official but no bloggers: two seats short, said so.
    assert [(s.direction, s.role, s.seats, s.filled) for s in ranking.shortfalls] == [
        ("health", "blogger", 2, 0)
    ]


def test_unranked_candidates_are_named_with_the_reason():
    ranking = rank(
        [
            blogger(1, "culture", completed=False),
            blogger(2, "culture", review=None),
            blogger(3, "science"),
            official(4, "science"),
            blogger(5, "culture"),
        ],
        PLAN,
    )
    assert {(e.application_id, e.rule) for e in ranking.excluded} == {
        (1, "not_completed"),
        (2, "no_review_score"),
        (3, "no_direction"),
        (4, "no_direction"),
    }
    assert [p.application_id for p in ranking.placements] == [5]


@pytest.mark.parametrize(
    ("last", "first_out", "rule"),
    [
        (
            blogger(1, "culture", programme=0.8, review=0.8),
            blogger(2, "culture", programme=0.6, review=0.6),
            "higher_score",
        ),
        (
            blogger(1, "culture", programme=0.5, review=0.9),
            blogger(2, "culture", programme=0.9, review=0.5),
            "review_score",
        ),
        (
            blogger(2, "culture", programme=0.7, review=0.7),
            blogger(1, "culture", programme=0.7, review=0.7),
            "application_id",
        ),
    ],
)
def test_the_borderline_case_of_each_list_names_the_rule_that_decided_it(last, first_out, rule):
    ranking = rank([first_out, last], Plan(("culture",), 1, 0, 0.5))
    if rule == "application_id":
        # Everything equal: the earlier application (smaller id) goes first.
        assert [p.application_id for p in ranking.seated] == [1]
        assert ranking.borderline[0].rule == "application_id"
        return
    assert [p.application_id for p in ranking.seated] == [last.application_id]
    (case,) = ranking.borderline
    assert (case.direction, case.role, case.last_seated, case.first_waiting, case.rule) == (
        "culture",
        "blogger",
        last.application_id,
        first_out.application_id,
        rule,
    )


def test_equal_blends_are_decided_by_the_programme_when_reviews_tie_too():
    # Blend 0.5: (0.9 + 0.5) / 2 == (0.5 + 0.9) / 2, and the reviews differ: review decides.
    # With the weight all on review, equal reviews fall to the programme.
    a = blogger(1, "culture", programme=0.4, review=0.8)
    b = blogger(2, "culture", programme=0.9, review=0.8)
    ranking = rank([a, b], Plan(("culture",), 1, 0, programme_weight=0.0))
    assert [p.application_id for p in ranking.seated] == [2]
    assert ranking.borderline[0].rule == "programme_score"


def test_a_plan_with_more_officials_than_seats_is_refused():
    with pytest.raises(ValueError, match="officials_per_team"):
        rank([], Plan(("culture",), 2, 3, 0.5))


def test_the_same_input_gives_the_same_ranking():
    candidates = [blogger(n, "culture", "health", review=(n * 37 % 11) / 10) for n in range(1, 30)]
    assert rank(candidates, PLAN) == rank(list(reversed(candidates)), PLAN)


def test_every_rule_the_ranking_names_has_words_for_organizers():
    codes = {value for name, value in vars(ranking).items() if name.startswith("RULE_")}
    assert codes | set(ranking.TIE_RULES) == set(RANKING_RULES)
