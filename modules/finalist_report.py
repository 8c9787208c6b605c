"""The finalists' ranking as organizers read it, in the command and on the admin's page:
one list per direction and role, with who is seated, who waits first, the rule that
drew the line between them, the seats left empty and who was not ranked and why."""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from applications.models import ApplicantRole, Application
from modules import ranking
from modules.validators import RANKING_RULES
from topblog.dashboard.selectors import direction_name
from topblog.tracks.selectors import direction_list

# Waiting people shown per list; the rest are counted.
WAITING_SHOWN = 5


@dataclass(frozen=True)
class Row:
    position: int
    application_id: int
    name: str
    score: float
    programme_score: float
    review_score: float
    rule: str


@dataclass(frozen=True)
class ListReport:
    direction: str
    direction_name: str
    role: str
    role_label: str
    seated: tuple[Row, ...]
    waiting: tuple[Row, ...]
    waiting_total: int
    # What separated the last seated from the first waiting, in words; "" without both.
    borderline: str
    empty_seats: int


@dataclass(frozen=True)
class Report:
    lists: tuple[ListReport, ...]
    seated: int
    waiting: int
    # (reason in words, how many) of the trainees not ranked.
    excluded: tuple[tuple[str, int], ...]


def rule_words(code: str) -> str:
    return str(RANKING_RULES.get(code, code))


def ranking_report(result: ranking.Ranking) -> Report:
    ids = [p.application_id for p in result.placements]
    names = {
        pk: " ".join(part for part in (last, first, patronymic) if part)
        for pk, last, first, patronymic in Application.objects.filter(pk__in=ids).values_list(
            "pk", "last_name", "first_name", "patronymic"
        )
    }
    borderline = {(b.direction, b.role): b.rule for b in result.borderline}
    empty = {(s.direction, s.role): s.seats - s.filled for s in result.shortfalls}
    lists = []
    for direction in direction_list():
        for role in (ApplicantRole.OFFICIAL, ApplicantRole.BLOGGER):
            mine = [p for p in result.placements if (p.direction, p.role) == (direction.code, role)]
            waiting = [p for p in mine if not p.seated]
            rule = borderline.get((direction.code, role))
            lists.append(
                ListReport(
                    direction=direction.code,
                    direction_name=direction_name(direction),
                    role=role,
                    role_label=str(ApplicantRole(role).label),
                    seated=tuple(_row(p, names) for p in mine if p.seated),
                    waiting=tuple(_row(p, names) for p in waiting[:WAITING_SHOWN]),
                    waiting_total=len(waiting),
                    borderline=rule_words(rule) if rule else "",
                    empty_seats=empty.get((direction.code, role), 0),
                )
            )
    reasons = Counter(e.rule for e in result.excluded)
    return Report(
        lists=tuple(lists),
        seated=len(result.seated),
        waiting=len(result.waiting),
        excluded=tuple((rule_words(rule), count) for rule, count in reasons.most_common()),
    )


def _row(placement: ranking.Placement, names: dict[int, str]) -> Row:
    return Row(
        position=placement.position,
        application_id=placement.application_id,
        name=names.get(placement.application_id, "") or _("без имени"),
        score=placement.score,
        programme_score=placement.programme_score,
        review_score=placement.review_score,
        rule=rule_words(placement.rule),
    )
