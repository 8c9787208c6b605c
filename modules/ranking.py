"""The finalists' ranking, with no Django in it.

Each eligible trainee gets a score: the season's blend of their programme result (0 to
1) and their portfolio review score (the review stage's mean of z-scores). The two are on
different scales, so each is first standardised across the eligible trainees (minus the
mean, over the standard deviation): a weight of 0.5 then gives both an equal say
whatever their spread. Every direction of the season forms one
team of the season's size: ``officials_per_team`` officials of that direction's
ministry, ranked among themselves, and bloggers for the other seats. Bloggers are
seated in score order, each in the first direction they wished for that still has a
seat; official seats a ministry cannot fill go to its direction's bloggers. Whoever is
not seated waits on the list of their role and (first) direction, in score order.

Equal scores are decided by the review score, then the programme result, then the
earlier application (the smaller id). Every placement says which rule put it there,
and for each list the last seated and the first waiting are given with the rule that
separated them.
"""

from collections import defaultdict
from dataclasses import dataclass
from statistics import fmean, pstdev

BLOGGER, OFFICIAL = "blogger", "official"
# Two scores closer than this are equal: they come from sums of fractions.
EPSILON = 1e-9

# Why a candidate is where they are.
RULE_SCORE = "score"  # seated by score in their first wished direction
RULE_LATER_CHOICE = "later_choice"  # seated in a later wish: the earlier ones were full
RULE_OFFICIAL_SEAT = "official_seat"  # a blogger in a seat the ministry could not fill
RULE_SEATS_FULL = "seats_full"  # waiting: every wished direction was full
# Why a candidate is not ranked at all.
RULE_NOT_COMPLETED = "not_completed"
RULE_NO_REVIEW = "no_review_score"
RULE_NO_DIRECTION = "no_direction"
# What separated two neighbours.
TIE_RULES = ("higher_score", "review_score", "programme_score", "application_id")


@dataclass(frozen=True)
class Candidate:
    application_id: int
    role: str
    # Wished directions, first first; an official's first is their ministry's.
    directions: tuple[str, ...]
    completed: bool
    programme_score: float
    review_score: float | None


@dataclass(frozen=True)
class Plan:
    directions: tuple[str, ...]
    team_size: int
    officials_per_team: int
    programme_weight: float

    @property
    def seats(self) -> int:
        return len(self.directions) * self.team_size


@dataclass(frozen=True)
class Placement:
    application_id: int
    role: str
    direction: str
    seated: bool
    # Order within the (direction, role) list: the seat's order when seated, the place
    # on the waiting list otherwise; from 1.
    position: int
    score: float
    programme_score: float
    review_score: float
    rule: str


@dataclass(frozen=True)
class Exclusion:
    application_id: int
    rule: str


@dataclass(frozen=True)
class Borderline:
    direction: str
    role: str
    last_seated: int
    first_waiting: int
    rule: str


@dataclass(frozen=True)
class Shortfall:
    """Seats of a list left empty: too few eligible people of that role want the direction."""

    direction: str
    role: str
    seats: int
    filled: int


@dataclass(frozen=True)
class Ranking:
    placements: tuple[Placement, ...]
    excluded: tuple[Exclusion, ...]
    borderline: tuple[Borderline, ...]
    shortfalls: tuple[Shortfall, ...]

    @property
    def seated(self) -> tuple[Placement, ...]:
        return tuple(p for p in self.placements if p.seated)

    @property
    def waiting(self) -> tuple[Placement, ...]:
        return tuple(p for p in self.placements if not p.seated)


@dataclass(frozen=True)
class _Scored:
    candidate: Candidate
    score: float

    @property
    def key(self) -> tuple:
        c = self.candidate
        return (-round(self.score / EPSILON), -c.review_score, -c.programme_score, c.application_id)


def separating_rule(ahead: _Scored, behind: _Scored) -> str:
    """The first rule of the order that puts ``ahead`` before ``behind``."""
    a, b = ahead.candidate, behind.candidate
    if abs(ahead.score - behind.score) > EPSILON:
        return "higher_score"
    if abs(a.review_score - b.review_score) > EPSILON:
        return "review_score"
    if abs(a.programme_score - b.programme_score) > EPSILON:
        return "programme_score"
    return "application_id"


def rank(candidates: list[Candidate], plan: Plan) -> Ranking:
    if not 0 <= plan.officials_per_team <= plan.team_size:
        raise ValueError("officials_per_team must lie between 0 and team_size.")
    excluded: list[Exclusion] = []
    ranked: list[Candidate] = []
    for c in candidates:
        if not c.completed:
            excluded.append(Exclusion(c.application_id, RULE_NOT_COMPLETED))
        elif c.review_score is None:
            excluded.append(Exclusion(c.application_id, RULE_NO_REVIEW))
        elif not _wishes(c, plan):
            excluded.append(Exclusion(c.application_id, RULE_NO_DIRECTION))
        else:
            ranked.append(c)
    programme = _standardised([c.programme_score for c in ranked])
    review = _standardised([c.review_score for c in ranked])
    weight = plan.programme_weight
    eligible = [
        _Scored(c, weight * p + (1 - weight) * r) for c, p, r in zip(ranked, programme, review, strict=True)
    ]
    eligible.sort(key=lambda s: s.key)

    placed: dict[tuple[str, str], list[tuple[_Scored, str]]] = defaultdict(list)
    waiting: dict[tuple[str, str], list[tuple[_Scored, str]]] = defaultdict(list)
    official_seats: dict[str, int] = {}
    for direction in plan.directions:
        officials = [
            s for s in eligible if s.candidate.role == OFFICIAL and _wishes(s.candidate, plan)[0] == direction
        ]
        seated = officials[: plan.officials_per_team]
        placed[direction, OFFICIAL] = [(s, RULE_SCORE) for s in seated]
        waiting[direction, OFFICIAL] = [(s, RULE_SEATS_FULL) for s in officials[plan.officials_per_team :]]
        official_seats[direction] = len(seated)

    blogger_seats = {d: plan.team_size - official_seats[d] for d in plan.directions}
    own_blogger_seats = plan.team_size - plan.officials_per_team
    for scored in (s for s in eligible if s.candidate.role == BLOGGER):
        wishes = _wishes(scored.candidate, plan)
        for index, direction in enumerate(wishes):
            taken = len(placed[direction, BLOGGER])
            if taken < blogger_seats[direction]:
                if taken >= own_blogger_seats:
                    rule = RULE_OFFICIAL_SEAT
                else:
                    rule = RULE_SCORE if index == 0 else RULE_LATER_CHOICE
                placed[direction, BLOGGER].append((scored, rule))
                break
        else:
            waiting[wishes[0], BLOGGER].append((scored, RULE_SEATS_FULL))

    placements: list[Placement] = []
    borderline: list[Borderline] = []
    shortfalls: list[Shortfall] = []
    for direction in plan.directions:
        for role, seats in ((OFFICIAL, official_seats[direction]), (BLOGGER, blogger_seats[direction])):
            ins, outs = placed[direction, role], waiting[direction, role]
            placements += [_placement(s, direction, True, n, rule) for n, (s, rule) in enumerate(ins, 1)]
            placements += [_placement(s, direction, False, n, rule) for n, (s, rule) in enumerate(outs, 1)]
            if ins and outs:
                borderline.append(
                    Borderline(
                        direction,
                        role,
                        ins[-1][0].candidate.application_id,
                        outs[0][0].candidate.application_id,
                        separating_rule(ins[-1][0], outs[0][0]),
                    )
                )
            if len(ins) < seats:
                shortfalls.append(Shortfall(direction, role, seats, len(ins)))
    return Ranking(tuple(placements), tuple(excluded), tuple(borderline), tuple(shortfalls))


def _standardised(values: list[float]) -> list[float]:
    """Each value's distance from the mean in standard deviations; all 0 when they are
    equal (nothing to tell them apart by)."""
    if not values:
        return []
    mean, spread = fmean(values), pstdev(values)
    return [(v - mean) / spread if spread > EPSILON else 0.0 for v in values]


def _wishes(candidate: Candidate, plan: Plan) -> tuple[str, ...]:
    """The candidate's wished directions that the season has, in their order; for an
    official only their ministry's."""
    wishes = tuple(d for d in candidate.directions if d in plan.directions)
    if candidate.role == OFFICIAL:
        return wishes[:1] if candidate.directions and wishes[:1] == candidate.directions[:1] else ()
    return wishes


def _placement(scored: _Scored, direction: str, seated: bool, position: int, rule: str) -> Placement:
    c = scored.candidate
    return Placement(
        application_id=c.application_id,
        role=c.role,
        direction=direction,
        seated=seated,
        position=position,
        score=scored.score,
        programme_score=c.programme_score,
        review_score=c.review_score,
        rule=rule,
    )
