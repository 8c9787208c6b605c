"""The selection proposal: every application in review, ranked by its normalised score
within its role and run through the scoring core's ``select`` with the season's quotas
and minimums, or held out (an unresolved possible duplicate, reviews still missing).
Computing it only reads; ``services.selection_propose`` keeps it for organizers to
override and publish, ``select_participants --dry-run`` prints it. ``tally`` counts
any set of decisions against the quotas, the minimums and the federal districts."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from applications import scoring
from applications.models import ApplicantRole, Application, ReviewAssignment
from applications.review import selectors
from applications.review.models import Decision, HeldOut, Proposed, SelectionDecision
from topblog.tracks.models import Season

# Fields of a decision the proposal owns; an organizer's override is kept across recomputing.
PROPOSED_FIELDS = [
    "role",
    "direction",
    "rank",
    "score",
    "disagreement",
    "reviews_done",
    "proposed",
    "held_out_reason",
]
# A decision that publishing could not apply: held out, and no organizer decided it.
UNDECIDED = Q(override="", proposed=Proposed.HELD_OUT)


@dataclass(frozen=True)
class ProposalRow:
    application_id: int
    role: str
    direction: str  # code of the first direction
    district: str  # federal district code; "" without a region
    score: float | None
    disagreement: float | None
    reviews_done: int
    proposed: str  # a Proposed value
    held_out_reason: str = ""
    rank: int | None = None  # within the role, among those not held out


@dataclass(frozen=True)
class Proposal:
    season_id: int
    quotas: dict[str, int]
    minimums: dict[tuple[str, str], int]
    # Ranked applications by role and rank, then those held out by id.
    rows: list[ProposalRow]

    @property
    def held_out(self) -> list[ProposalRow]:
        return [row for row in self.rows if row.proposed == Proposed.HELD_OUT]


def season_quotas(season: Season) -> dict[str, int]:
    return {ApplicantRole.BLOGGER: season.bloggers_quota, ApplicantRole.OFFICIAL: season.officials_quota}


def selection_proposal(*, season: Season) -> Proposal:
    """The proposal for ``season`` as its reviews stand now (ValueError when the
    season's minimums of a role add up to more than its quota)."""
    review_settings = selectors.review_settings_of(season_id=season.pk)
    quotas = season_quotas(season)
    minimums = selectors.minimums_of(season_id=season.pk)
    standings = scoring.standings(selectors.season_reviews(season_id=season.pk))
    active = dict(
        ReviewAssignment.objects.filter(application__season=season, cancelled_at__isnull=True)
        .values("application_id")
        .annotate(held=Count("pk"))
        .values_list("application_id", "held")
    )
    applications = (
        Application.objects.filter(season=season, status__in=selectors.IN_REVIEW)
        .annotate(direction=selectors.first_direction(), district=F("region__federal_district"))
        .values_list("pk", "role", "direction", "district", "is_possible_duplicate")
        .order_by("pk")
    )
    ranked, held = [], []
    for pk, role, direction, district, duplicate in applications:
        standing = standings.get(pk)
        done = standing.reviews if standing else 0
        row = ProposalRow(
            application_id=pk,
            role=role,
            direction=direction or "",
            district=district or "",
            score=standing.score if standing else None,
            disagreement=standing.disagreement if standing else None,
            reviews_done=done,
            proposed=Proposed.HELD_OUT,
        )
        if duplicate:
            held.append(_with(row, held_out_reason=HeldOut.DUPLICATE))
        elif done < max(review_settings.reviewers_per_application, active.get(pk, 0)):
            held.append(_with(row, held_out_reason=HeldOut.MISSING_REVIEWS))
        else:
            ranked.append(row)
    chosen = set(
        scoring.select(
            (scoring.Candidate(r.application_id, r.role, r.direction, r.score) for r in ranked),
            quotas,
            minimums,
        )
    )
    places: Counter[str] = Counter()
    rows = []
    for row in sorted(ranked, key=lambda r: (r.role, -r.score, r.application_id)):
        places[row.role] += 1
        proposed = Proposed.SELECTED if row.application_id in chosen else Proposed.NOT_SELECTED
        rows.append(_with(row, proposed=proposed, rank=places[row.role]))
    return Proposal(season_id=season.pk, quotas=quotas, minimums=minimums, rows=rows + held)


def _with(row: ProposalRow, **changes) -> ProposalRow:
    return ProposalRow(**{**row.__dict__, **changes})


# --- counting


@dataclass(frozen=True)
class Line:
    key: tuple[str, ...]
    selected: int = 0
    candidates: int = 0
    target: int | None = None  # the quota or minimum, where there is one

    @property
    def short(self) -> bool:
        """Below its target although enough candidates would have met it."""
        return self.target is not None and self.selected < min(self.target, self.candidates)

    @property
    def over(self) -> bool:
        return self.target is not None and self.key[0] == "role" and self.selected > self.target


@dataclass(frozen=True)
class Tally:
    roles: list[Line]
    directions: list[Line]  # per (role, direction)
    districts: list[Line]
    held_out: dict[str, int] = field(default_factory=dict)  # undecided, by reason
    overridden: int = 0


@dataclass(frozen=True)
class Counted:
    """One application as the tally takes it."""

    role: str
    direction: str
    district: str
    final: str  # a Decision value, or "" while held out and undecided
    held_out_reason: str = ""
    overridden: bool = False


def tally(
    decisions: Iterable[Counted], *, quotas: dict[str, int], minimums: dict[tuple[str, str], int]
) -> Tally:
    selected: Counter[tuple] = Counter()
    candidates: Counter[tuple] = Counter()
    held_out: Counter[str] = Counter()
    overridden = 0
    for d in decisions:
        keys = [("role", d.role), ("direction", d.role, d.direction), ("district", d.district)]
        for key in keys:
            candidates[key] += 1
            selected[key] += d.final == Decision.SELECTED
        if not d.final:
            held_out[d.held_out_reason] += 1
        overridden += d.overridden

    def lines(kind: str, targets: dict) -> list[Line]:
        keys = {k for k in candidates if k[0] == kind} | {(kind, *t) for t in targets}
        return [
            Line(key=k, selected=selected[k], candidates=candidates[k], target=targets.get(k[1:]))
            for k in sorted(keys)
        ]

    return Tally(
        roles=lines("role", {(role,): quota for role, quota in quotas.items()}),
        directions=lines("direction", minimums),
        districts=lines("district", {}),
        held_out=dict(held_out),
        overridden=overridden,
    )


def proposal_tally(proposal: Proposal) -> Tally:
    return tally(
        (
            Counted(
                role=r.role,
                direction=r.direction,
                district=r.district,
                final="" if r.proposed == Proposed.HELD_OUT else r.proposed,
                held_out_reason=r.held_out_reason,
            )
            for r in proposal.rows
        ),
        quotas=proposal.quotas,
        minimums=proposal.minimums,
    )


def decisions_tally(*, season: Season) -> Tally:
    """The kept proposal with the organizers' overrides, counted (one query of rows)."""
    rows = SelectionDecision.objects.filter(selection__season=season).values_list(
        "role",
        "direction__code",
        "application__region__federal_district",
        "proposed",
        "override",
        "held_out_reason",
    )
    return tally(
        (
            Counted(
                role=role,
                direction=direction,
                district=district or "",
                final=override or ("" if proposed == Proposed.HELD_OUT else proposed),
                held_out_reason=held_out_reason,
                overridden=bool(override),
            )
            for role, direction, district, proposed, override, held_out_reason in rows
        ),
        quotas=season_quotas(season),
        minimums=selectors.minimums_of(season_id=season.pk),
    )
