"""The jury's results, with no Django in them: plain dataclasses in and out.

Normalised as in portfolio review (applications.scoring): each juror's scorecard of a
project becomes one total, the sum of weight × score over the season's criteria, and
each juror's totals are turned into z-scores against that juror's own mean and
deviation, so a harsh and a lenient juror who order the projects alike count alike.
A project's score is the mean of its jurors' z-scores. Only complete scorecards (every
criterion scored) count: a half-filled one would compare a part with a whole.

Places, overall and within each direction, go by that score, best first. Ties:
 - equal scores are decided by the raw mark, the mean share of the largest possible
   total the jurors gave (``tie == "raw"`` on the project it decided for or against);
 - equal on that too, the projects share the place (``tie == "shared"``): the next
   place is skipped, as in sport («1, 1, 3»).
Projects no complete scorecard covers are not placed (``unscored``).
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from applications.scoring import Review, standings

# Scores are means of floats: two projects the jury judged alike may differ in the last
# bits of a sum taken in another order, and must still tie; compared to 9 decimals.
TIE_DIGITS = 9


@dataclass(frozen=True)
class Criterion:
    id: int
    weight: int
    max_score: int


@dataclass(frozen=True)
class Project:
    id: int
    direction: str  # the code of its team's direction


@dataclass(frozen=True)
class Scorecard:
    """What one juror gave one project: criterion id -> score."""

    juror_id: int
    project_id: int
    scores: Mapping[int, int]


@dataclass(frozen=True)
class Placed:
    project_id: int
    direction: str
    score: float  # the mean of the jurors' z-scores
    raw: float  # the mean share of the largest possible total, 0..1
    jurors: int
    disagreement: float  # the spread of the jurors' z-scores, 0 with one juror
    place: int
    place_in_direction: int
    tie: str  # "", "raw" or "shared": how the overall place was decided against a neighbour
    tie_in_direction: str


@dataclass(frozen=True)
class Results:
    placed: list[Placed]  # best first
    unscored: list[int]  # project ids no complete scorecard covers, ascending


def scorecard_total(card: Scorecard, criteria: Sequence[Criterion]) -> float | None:
    """Σ weight × score, or None when a criterion is not scored."""
    if any(c.id not in card.scores for c in criteria):
        return None
    return float(sum(c.weight * card.scores[c.id] for c in criteria))


def _key(score: float, raw: float) -> tuple[float, float]:
    return (round(score, TIE_DIGITS), round(raw, TIE_DIGITS))


def _places(rows: list[tuple[int, float, float]]) -> dict[int, tuple[int, str]]:
    """(project id, score, raw) -> {project id: (place, tie)}, rows in any order."""
    keyed = sorted(
        ((_key(score, raw), pid) for pid, score, raw in rows), key=lambda k: (-k[0][0], -k[0][1], k[1])
    )
    placed: dict[int, tuple[int, str]] = {}
    for index, ((score, raw), project_id) in enumerate(keyed):
        neighbours = keyed[max(index - 1, 0) : index] + keyed[index + 1 : index + 2]
        ties = {"shared" if other == (score, raw) else "raw" for other, _ in neighbours if other[0] == score}
        tie = "shared" if "shared" in ties else ("raw" if ties else "")
        place = index + 1
        if index and keyed[index - 1][0] == (score, raw):
            place = placed[keyed[index - 1][1]][0]
        placed[project_id] = (place, tie)
    return placed


def compute(
    *, criteria: Sequence[Criterion], projects: Iterable[Project], scorecards: Iterable[Scorecard]
) -> Results:
    """Every project's place overall and in its direction (see the module's docstring)."""
    criteria = list(criteria)
    projects = {p.id: p for p in projects}
    largest = float(sum(c.weight * c.max_score for c in criteria)) or 1.0
    reviews: list[Review] = []
    raw_totals: dict[int, list[float]] = defaultdict(list)
    for card in scorecards:
        total = scorecard_total(card, criteria) if criteria else None
        if total is None or card.project_id not in projects:
            continue
        reviews.append(Review(application_id=card.project_id, expert_id=card.juror_id, total=total))
        raw_totals[card.project_id].append(total / largest)
    standing = standings(reviews)
    raw = {pid: math.fsum(shares) / len(shares) for pid, shares in raw_totals.items()}
    rows = [(pid, standing[pid].score, raw[pid]) for pid in standing]
    overall = _places(rows)
    in_direction: dict[int, tuple[int, str]] = {}
    for code in {projects[pid].direction for pid in standing}:
        in_direction |= _places([r for r in rows if projects[r[0]].direction == code])
    placed = [
        Placed(
            project_id=pid,
            direction=projects[pid].direction,
            score=standing[pid].score,
            raw=raw[pid],
            jurors=standing[pid].reviews,
            disagreement=standing[pid].disagreement,
            place=overall[pid][0],
            place_in_direction=in_direction[pid][0],
            tie=overall[pid][1],
            tie_in_direction=in_direction[pid][1],
        )
        for pid in standing
    ]
    placed.sort(key=lambda p: (p.place, p.project_id))
    return Results(placed=placed, unscored=sorted(set(projects) - set(standing)))
