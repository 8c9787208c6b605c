"""The review stage of the demo season: the season's review settings, criteria and
minimums, experts (the demo expert login among them) with their directions and a few
declared conflicts; from the portfolio review on, assignments made by the real planner,
reviews from harsh and lenient experts (a third expert where two disagree); once the
results are out, the selection made by the real scoring core and published, so the
applications' statuses, the ranking and the cabinet agree.

Everything is bulk-inserted: the services would tell thousands of people by mail, and a
demo of 8,500 applications must seed within a minute."""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from applications import scoring
from applications.models import Application, ApplicationStatus, StatusChange
from applications.review import assignment
from applications.review.models import (
    Criterion,
    ExpertConflict,
    ExpertProfile,
    Proposed,
    Review,
    ReviewSettings,
    Score,
    Selection,
    SelectionDecision,
    SelectionMinimum,
)
from applications.review.selectors import first_direction
from applications.services import application_duplicates_resolve
from topblog.accounts.models import Role, User
from topblog.demo import generator, names, plans
from topblog.demo.reviewing import BATCH, Reviewing
from topblog.tracks.models import Direction, Region, Season

# Generated experts never log in; their own domain keeps them apart from real people.
EXPERT_DOMAIN = "expert.example.com"
APPLICATIONS_PER_EXPERT = 100
# Enough for every direction to have several experts free of conflicts even in a small demo.
MIN_EXPERTS = 20
DUE_DAYS = 12
DEMO_EXPERT_DIRECTIONS = ("culture", "tourism")
CRITERIA = (
    (
        "Качество контента",
        "Content quality",
        "Идея, подача, монтаж и грамотность публикаций.",
        "Idea, delivery, editing and literacy of the posts.",
        3,
    ),
    (
        "Вовлечённость аудитории",
        "Audience engagement",
        "Отклик аудитории: комментарии, репосты, рост.",
        "How the audience responds: comments, shares, growth.",
        2,
    ),
    (
        "Соответствие направлению",
        "Fit to the direction",
        "Насколько блог и идеи близки теме направления.",
        "How close the blog and the ideas are to the direction's theme.",
        2,
    ),
    (
        "Идеи медиапроектов",
        "Media-project ideas",
        "Новизна, реализуемость и польза идей.",
        "Novelty, feasibility and use of the ideas.",
        2,
    ),
    (
        "Мотивация",
        "Motivation",
        "Зачем человеку трек и что он готов в него вложить.",
        "Why the person wants the track and what they will put into it.",
        1,
    ),
)


@dataclass(frozen=True)
class ReviewDemoSummary:
    experts: int
    reviews: int
    selected: int


def review_demo_seed(
    *,
    season: Season,
    stage: str,
    now: datetime,
    seed: int,
    calendar,
    rows: list[Application],
    plans: list[plans.ApplicantPlan],
    demo_expert_email: str,
) -> ReviewDemoSummary:
    """The review stage of the demo ``season`` at ``stage``; ``rows`` and ``plans`` are the
    inserted applications and the generator's plans, in the same order."""
    rng = random.Random(seed * 7919 + 11)
    review_settings = ReviewSettings.objects.create(
        season=season, due_days=DUE_DAYS, comparable_after=5, blind_review=True, comments_to_applicants=True
    )
    criteria = Criterion.objects.bulk_create(
        Criterion(
            review_settings=review_settings,
            name=name,
            name_en=name_en,
            description=text,
            description_en=text_en,
            weight=weight,
            position=n,
        )
        for n, (name, name_en, text, text_en, weight) in enumerate(CRITERIA, start=1)
    )
    quotas = dict(
        zip(
            ("blogger", "official"),
            generator.scaled_quotas(len(plans), season.bloggers_quota, season.officials_quota),
            strict=True,
        )
    )
    minimums = _minimums_create(review_settings, quotas)
    experts = _experts_create(
        rng,
        count=max(MIN_EXPERTS, len(plans) // APPLICATIONS_PER_EXPERT),
        now=now,
        demo_expert_email=demo_expert_email,
    )
    stage_index = generator.STAGE_ORDER.index(stage)
    if stage_index < generator.STAGE_ORDER.index("portfolio_review"):
        return ReviewDemoSummary(experts=len(experts), reviews=0, selected=0)
    by_kind = {p.kind: p for p in calendar}
    judged = Reviewing(
        rng,
        experts,
        criteria,
        due_days=review_settings.due_days,
        now=now,
        closes=by_kind["portfolio_review"].ends_at,
        finished=stage_index > generator.STAGE_ORDER.index("portfolio_review"),
    )
    judged.run([(row, plan) for row, plan in zip(rows, plans, strict=True) if plan.status == "under_review"])
    judged.write(blind=review_settings.blind_review)
    selected = 0
    if stage_index >= generator.STAGE_ORDER.index("selection_results"):
        results_at = min(by_kind["selection_results"].starts_at + timedelta(hours=12), now)
        selected = _selection_publish(season, judged, quotas=quotas, minimums=minimums, at=results_at)
    return ReviewDemoSummary(experts=len(experts), reviews=len(judged.submitted), selected=selected)


def _minimums_create(review_settings: ReviewSettings, quotas: dict[str, int]) -> dict[tuple[str, str], int]:
    """Every ministry gets officials and every direction bloggers: a tenth of the
    officials' quota and a twelfth of the bloggers' per direction."""
    per_direction = {"official": quotas["official"] // 10, "blogger": quotas["blogger"] // 12}
    directions = list(Direction.objects.order_by("position"))
    rows = [
        SelectionMinimum(review_settings=review_settings, role=role, direction=direction, minimum=minimum)
        for role, minimum in per_direction.items()
        if minimum
        for direction in directions
    ]
    SelectionMinimum.objects.bulk_create(rows)
    return {(row.role, row.direction.code): row.minimum for row in rows}


def _experts_create(
    rng: random.Random, *, count: int, now: datetime, demo_expert_email: str
) -> list[assignment.Expert]:
    """``count`` generated experts, each judging one or two directions (every direction
    in turn first), some working for a ministry or naming a region; and the demo
    expert login judging the two most popular directions."""
    codes = list(Direction.objects.order_by("position").values_list("code", flat=True))
    direction_ids = dict(Direction.objects.values_list("code", "pk"))
    region_ids = dict(Region.objects.values_list("code", "pk"))
    region_codes = sorted(region_ids)
    password = make_password(None)
    specs, users = [], []
    for n in range(count):
        female = rng.random() < 0.55
        surname = rng.choice(names.SURNAMES)
        last = names.female_surname(surname) if female else surname
        first = rng.choice(names.FEMALE_NAMES if female else tuple(names.MALE_NAMES))
        primary = codes[n % len(codes)]
        directions = {primary} | ({rng.choice(codes)} if rng.random() < 0.4 else set())
        specs.append(
            (
                directions,
                primary if rng.random() < 0.15 else None,
                rng.choice(region_codes) if rng.random() < 0.1 else None,
            )
        )
        users.append(
            User(
                email=f"{names.translit(last)}.{names.translit(first)}.{n}@{EXPERT_DOMAIN}",
                first_name=first,
                last_name=last,
                password=password,
                is_active=True,
                email_confirmed_at=now,
            )
        )
    users = User.objects.bulk_create(users, batch_size=BATCH)
    group = Group.objects.get(name=Role.EXPERT)
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=u.pk, group_id=group.pk) for u in users
    )
    demo_expert, _created = User.objects.get_or_create(
        email=demo_expert_email, defaults={"password": password, "email_confirmed_at": now}
    )
    specs.append((set(DEMO_EXPERT_DIRECTIONS), None, None))
    users.append(demo_expert)
    ExpertProfile.objects.bulk_create(
        (
            ExpertProfile(user_id=u.pk, ministry_id=direction_ids.get(ministry), invited_at=now)
            for u, (_directions, ministry, _region) in zip(users, specs, strict=True)
        ),
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    Through = ExpertProfile.directions.through
    Through.objects.filter(expertprofile_id=demo_expert.pk).delete()
    Through.objects.bulk_create(
        (
            Through(expertprofile_id=u.pk, direction_id=direction_ids[code])
            for u, (directions, _m, _r) in zip(users, specs, strict=True)
            for code in sorted(directions)
        ),
        batch_size=BATCH,
    )
    ExpertConflict.objects.bulk_create(
        ExpertConflict(
            expert_id=u.pk,
            kind=ExpertConflict.Kind.REGION,
            region_id=region_ids[region],
            note="Работал в региональном правительстве",
        )
        for u, (_d, _m, region) in zip(users, specs, strict=True)
        if region
    )
    return [
        assignment.Expert(
            expert_id=u.pk,
            directions=frozenset(directions),
            ministry=ministry,
            regions=frozenset({region} if region else ()),
        )
        for u, (directions, ministry, region) in zip(users, specs, strict=True)
    ]


def _selection_publish(
    season: Season,
    judged: Reviewing,
    *,
    quotas: dict[str, int],
    minimums: dict[tuple[str, str], int],
    at: datetime,
) -> int:
    """The organizers' work once the reviews are in: the possible duplicates looked at,
    the proposal computed by the scoring core with the season's minimums, and published:
    every application under review selected or not, with its history."""
    flagged = list(
        Application.objects.filter(season=season, is_possible_duplicate=True).values_list("pk", flat=True)
    )
    application_duplicates_resolve(application_ids=flagged, by=None)
    standings = scoring.standings(
        scoring.Review(a.application_id, a.expert_id, a.total) for a in judged.submitted
    )
    rows = list(
        Application.objects.filter(season=season, status=ApplicationStatus.UNDER_REVIEW)
        .annotate(code=first_direction(), direction_id=first_direction("direction_id"))
        .values_list("pk", "role", "code", "direction_id")
    )
    chosen = set(
        scoring.select(
            (
                scoring.Candidate(pk, role, direction, standings[pk].score)
                for pk, role, direction, _id in rows
            ),
            quotas,
            minimums,
        )
    )
    selection = Selection.objects.create(season=season, proposed_at=at - timedelta(hours=2), published_at=at)
    places: Counter[str] = Counter()
    decisions = []
    for pk, role, _code, direction_id in sorted(rows, key=lambda r: (r[1], -standings[r[0]].score, r[0])):
        places[role] += 1
        standing = standings[pk]
        decisions.append(
            SelectionDecision(
                application_id=pk,
                selection=selection,
                role=role,
                direction_id=direction_id,
                rank=places[role],
                score=standing.score,
                disagreement=standing.disagreement,
                reviews_done=standing.reviews,
                proposed=Proposed.SELECTED if pk in chosen else Proposed.NOT_SELECTED,
            )
        )
    SelectionDecision.objects.bulk_create(decisions, batch_size=BATCH)
    S = ApplicationStatus
    for to_status, ids in (
        (S.SELECTED, sorted(chosen)),
        (S.NOT_SELECTED, sorted({r[0] for r in rows} - chosen)),
    ):
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            Application.objects.filter(pk__in=batch).update(status=to_status, updated_at=at)
            StatusChange.objects.bulk_create(
                StatusChange(
                    application_id=pk, from_status=S.UNDER_REVIEW, to_status=to_status, changed_at=at
                )
                for pk in batch
            )
    return len(chosen)


def review_demo_delete() -> None:
    """The review's rows and the generated experts, before the applications go, each
    table in one statement rather than through Django's cascade."""
    for model in (Score, Review, SelectionDecision, Selection, SelectionMinimum, Criterion, ReviewSettings):
        model.objects.all().delete()
    generated = User.objects.filter(email__iendswith=f"@{EXPERT_DOMAIN}")
    ExpertConflict.objects.filter(expert__user__in=generated).delete()
    ExpertProfile.objects.filter(user__in=generated).delete()
    generated.delete()
