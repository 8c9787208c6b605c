"""Experts' scores and the selection, with no Django in them: plain dataclasses in and
out, so the review services, the demo season, the benchmark and the programme's
finalists ranking share one copy of each rule and tests run without a database.

Normalising: experts differ in how harsh they are, so each expert's totals are turned
into z-scores against that expert's own mean and standard deviation before they are
compared. A harsh and a lenient expert who rank the same applications alike then give
the same scores: scaling one expert's totals by a positive factor and adding a constant
changes nothing.

Selecting: each role's quota is filled, first with the best of each (role, direction)
minimum, then with the best of the rest; ties go to the lower application id.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice


@dataclass(frozen=True)
class Review:
    application_id: int
    expert_id: int
    total: float  # the weighted total that expert gave


@dataclass(frozen=True)
class Standing:
    """An application's place after normalising: the mean of its reviews' z-scores, how
    far apart its experts' z-scores are (0 with one review) and how many it had."""

    score: float
    disagreement: float
    reviews: int


def review_z_scores(reviews: Sequence[Review]) -> list[float]:
    """Each review's total as a z-score against its expert's own totals (population
    standard deviation), in the order given. An expert whose totals are all equal (one
    review included) says nothing about which application is better: 0 for each."""
    by_expert: dict[int, list[int]] = defaultdict(list)
    for index, review in enumerate(reviews):
        by_expert[review.expert_id].append(index)
    z = [0.0] * len(reviews)
    for indices in by_expert.values():
        totals = [reviews[i].total for i in indices]
        # Compared, not computed: a deviation of all-equal totals must be exactly zero,
        # and a float sum divided back may miss the mean by a rounding.
        if min(totals) == max(totals):
            continue
        mean = math.fsum(totals) / len(totals)
        deviation = math.sqrt(math.fsum((t - mean) ** 2 for t in totals) / len(totals))
        for i, total in zip(indices, totals, strict=True):
            z[i] = (total - mean) / deviation
    return z


def standings(reviews: Iterable[Review]) -> dict[int, Standing]:
    """Every reviewed application's Standing, by application id."""
    reviews = list(reviews)
    per_application: dict[int, list[float]] = defaultdict(list)
    for review, z in zip(reviews, review_z_scores(reviews), strict=True):
        per_application[review.application_id].append(z)
    return {
        application_id: Standing(
            score=math.fsum(zs) / len(zs), disagreement=max(zs) - min(zs), reviews=len(zs)
        )
        for application_id, zs in per_application.items()
    }


def normalise(reviews: Iterable[Review]) -> dict[int, float]:
    """Application id -> the mean of its reviews' z-scores (see review_z_scores)."""
    return {application_id: s.score for application_id, s in standings(reviews).items()}


@dataclass(frozen=True)
class Candidate:
    application_id: int
    role: str  # "blogger" or "official"
    direction: str  # code of the first direction
    score: float


def rank_key(candidate: Candidate) -> tuple[float, int]:
    """Best first; of equal scores the lower application id."""
    return (-candidate.score, candidate.application_id)


def minimums_check(quotas: Mapping[str, int], minimums: Mapping[tuple[str, str], int]) -> None:
    """ValueError when a quota or minimum is negative, or one role's minimums add up to
    more than its quota: no selection could meet them all."""
    if any(quota < 0 for quota in quotas.values()) or any(m < 0 for m in minimums.values()):
        raise ValueError("Quotas and minimums cannot be negative.")
    per_role: dict[str, int] = defaultdict(int)
    for (role, _direction), minimum in minimums.items():
        per_role[role] += minimum
    for role, total in per_role.items():
        if total > quotas.get(role, 0):
            raise ValueError(
                f"The minimums of role {role!r} add up to {total}, "
                f"more than its quota of {quotas.get(role, 0)}."
            )


def select(
    candidates: Iterable[Candidate],
    quotas: Mapping[str, int],
    minimums: Mapping[tuple[str, str], int] | None = None,
) -> list[int]:
    """The selected application ids, best first: exactly ``quotas[role]`` per role (all
    of its candidates when fewer apply; none of a role without a quota), each
    ``minimums[(role, direction)]`` met where there are that many candidates (all of
    them where there are fewer), the rest by the highest score; ties go to the lower
    application id. ValueError when a role's minimums add up to more than its quota."""
    minimums = dict(minimums or {})
    minimums_check(quotas, minimums)
    by_role: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_role[candidate.role].append(candidate)
    chosen: list[Candidate] = []
    for role, quota in quotas.items():
        ranked = sorted(by_role.get(role, ()), key=rank_key)
        taken: set[int] = set()
        for (minimum_role, direction), minimum in minimums.items():
            if minimum_role == role:
                of_direction = (c for c in ranked if c.direction == direction)
                taken.update(c.application_id for c in islice(of_direction, minimum))
        for candidate in ranked:
            if len(taken) >= quota:
                break
            taken.add(candidate.application_id)
        chosen += (c for c in ranked if c.application_id in taken)
    return [c.application_id for c in sorted(chosen, key=rank_key)]
