"""The demo season's calendar and applicants, derived from one seed, with no Django in them.

Everything comes from ``random.Random(seed)`` and plain arguments, so a demo, a test and
the benchmark see the same season; ``services`` turns these dataclasses into rows."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo

from topblog.demo import names, portfolio
from topblog.demo.plans import ApplicantPlan, IdeaPlan, SocialAccountPlan, StatusStep

MOSCOW = ZoneInfo("Europe/Moscow")
# Mirrors tracks.StageKind (checked by a test): this module may not import Django.
STAGE_ORDER: tuple[str, ...] = (
    "applications", "portfolio_review", "selection_results", "education",
    "team_module", "refinement", "final",
)
STAGE_DAYS: dict[str, int] = {
    "applications": 42, "portfolio_review": 21, "selection_results": 1, "education": 42,
    "team_module": 7, "refinement": 90, "final": 3,
}
# The real season's volume: the quotas are scaled down from it for a smaller demo.
REFERENCE_APPLICATIONS = 8500
BLOGGER_SHARE = 0.85
DUPLICATE_SHARE = 0.02
# Since November 2024 a page with more than 10,000 readers must be in the РКН list.
RKN_THRESHOLD = 10_000
PLATFORM_WEIGHTS: dict[str, float] = {
    "vk": 35, "telegram": 30, "youtube": 12, "dzen": 10, "rutube": 8, "ok": 5,
}
# Culture and travel draw more bloggers than agriculture, as in past seasons.
DIRECTION_APPEAL: dict[str, float] = {"culture": 1.4, "tourism": 1.3, "agro": 0.6}


@dataclass(frozen=True)
class StagePlan:
    kind: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    description: str
    venue_en: str = ""


def season_calendar(*, today: date, stage: str) -> tuple[StagePlan, ...]:
    """Seven back-to-back stages, each from 00:00 of its first day to 23:59:59 of its last
    in Moscow, dated so that ``stage`` is about two thirds done on ``today``: the demo then
    shows a stage well under way that still has days left."""
    index = STAGE_ORDER.index(stage)
    elapsed = STAGE_DAYS[stage] * 2 // 3 + sum(STAGE_DAYS[k] for k in STAGE_ORDER[:index])
    return _back_to_back(start=today - timedelta(days=elapsed), lengths=STAGE_DAYS)


# The final at «Сенеж» is held on these days of November every season.
FINAL_MONTH, FINAL_FIRST_DAY = 11, 17
# Days the application window has left when the demo is seeded on the real calendar.
WINDOW_DAYS_LEFT = 14


def real_season_calendar(*, today: date) -> tuple[StagePlan, ...]:
    """The real season's shape: the final on 17–19 November and every stage before it
    back to back, counted back from the final with the usual lengths, except the
    application window, which is open today, two thirds done as with ``season_calendar``,
    and lasts until the review begins. The final is the first 17 November that leaves
    the window at least WINDOW_DAYS_LEFT days."""
    elapsed = STAGE_DAYS["applications"] * 2 // 3
    year = today.year
    while True:
        final_day = date(year, FINAL_MONTH, FINAL_FIRST_DAY)
        after_window = sum(STAGE_DAYS[k] for k in STAGE_ORDER[1:-1])
        window_last_day = final_day - timedelta(days=after_window + 1)
        if window_last_day >= today + timedelta(days=WINDOW_DAYS_LEFT):
            break
        year += 1
    lengths = {**STAGE_DAYS, "applications": (window_last_day - today).days + elapsed + 1}
    return _back_to_back(start=today - timedelta(days=elapsed), lengths=lengths)


def _back_to_back(*, start: date, lengths: dict[str, int]) -> tuple[StagePlan, ...]:
    """The stages in order from ``start``, each from 00:00 of its first day to 23:59:59
    of its last in Moscow."""
    day = start
    plans = []
    for kind in STAGE_ORDER:
        last_day = day + timedelta(days=lengths[kind] - 1)
        venue, description = names.STAGE_TEXTS[kind]
        plans.append(StagePlan(
            kind=kind,
            starts_at=datetime.combine(day, time(0, 0), MOSCOW),
            ends_at=datetime.combine(last_day, time(23, 59, 59), MOSCOW),
            venue=venue,
            venue_en=names.VENUES_EN.get(venue, ""),
            description=description,
        ))
        day = last_day + timedelta(days=1)
    return tuple(plans)


def scaled_quotas(count: int, bloggers_quota: int, officials_quota: int) -> tuple[int, int]:
    """The season's quotas for a demo of ``count`` applications: in full from the real
    season's volume up, proportionally smaller below it."""
    factor = min(1.0, count / REFERENCE_APPLICATIONS)
    return round(bloggers_quota * factor), round(officials_quota * factor)


def generate_applicants(
    *,
    count: int,
    seed: int,
    stage: str,
    calendar: Sequence[StagePlan],
    now: datetime,
    regions: Sequence[tuple[str, int]],
    directions: Sequence[str],
    min_applicant_age: int = 14,
    adult_age: int = 18,
) -> list[ApplicantPlan]:
    """``count`` applicants with statuses and history that fit ``stage`` of ``calendar`` at
    ``now``. ``regions`` are (ФНС code, population) pairs; ``directions`` are codes in order.
    The ages are the season's: a minor who submitted has a parent's consent attached."""
    rng = random.Random(seed)
    today = now.astimezone(MOSCOW).date()
    people = _People(rng, regions, directions, today=today)
    plans = [people.person() for _ in range(count)]
    plans = _with_duplicates(rng, plans, people)
    plans = [people.finish(p) for p in plans]
    plans = _with_statuses(rng, plans, stage, calendar, now)
    # Last, so the draws above (and every earlier season of the same seed) stay as they were.
    return portfolio.with_portfolios(rng, plans, today=today, min_applicant_age=min_applicant_age,
                                     adult_age=adult_age)


class _People:
    """Draws one person at a time; remembers phones, emails and links so they stay unique
    except where a duplicate is made on purpose."""

    def __init__(self, rng: random.Random, regions: Sequence[tuple[str, int]], directions: Sequence[str],
                 *, today: date) -> None:
        self.rng = rng
        self.today = today
        self.region_codes = [code for code, _ in regions]
        # Cumulative once, not per draw: random.choices would re-add 89 weights every time.
        self.region_cum_weights = list(accumulate(max(population, 1) for _, population in regions))
        self.directions = list(directions)
        self.male_names = tuple(names.MALE_NAMES)
        self.phones: set[str] = set()
        self.emails: set[str] = set()
        self.handles: set[str] = set()

    def person(self) -> ApplicantPlan:
        rng = self.rng
        role = "blogger" if rng.random() < BLOGGER_SHARE else "official"
        gender = "f" if rng.random() < (0.58 if role == "blogger" else 0.62) else "m"
        surname = rng.choice(names.SURNAMES)
        last_name = names.female_surname(surname) if gender == "f" else surname
        first_name = rng.choice(names.FEMALE_NAMES if gender == "f" else self.male_names)
        ministry = rng.choice(self.directions) if role == "official" else None
        # Federal ministries sit in Moscow, so most of their staff apply from there.
        if role == "official" and "77" in self.region_codes and rng.random() < 0.8:
            region = "77"
        else:
            region = rng.choices(self.region_codes, cum_weights=self.region_cum_weights)[0]
        directions = self._directions(ministry)
        motivation_pool = names.OFFICIAL_MOTIVATION if ministry else names.BLOGGER_MOTIVATION
        return ApplicantPlan(
            role=role, gender=gender, last_name=last_name, first_name=first_name,
            patronymic=names.patronymic(rng.choice(self.male_names), gender),
            birth_date=self._birth_date(role), region_code=region, city=names.CITIES.get(region, ""),
            phone=self.phone(), email=self.email(last_name, first_name),
            ministry_direction=ministry,
            department=rng.choice(names.DEPARTMENTS) if ministry else "",
            position=rng.choice(names.POSITIONS) if ministry else "",
            directions=directions, ideas=self._ideas(directions),
            motivation=" ".join(rng.sample(motivation_pool, k=rng.randint(2, 3))),
            social_accounts=self._accounts(role, last_name, first_name, directions[0]),
        )

    def finish(self, plan: ApplicantPlan) -> ApplicantPlan:
        if plan.role == "blogger" and plan.total_followers > RKN_THRESHOLD:
            return replace(plan, rkn_number=str(self.rng.randrange(10**9, 10**10)))
        return plan

    def phone(self) -> str:
        while (phone := f"+79{self.rng.randrange(10**9):09d}") in self.phones:
            pass
        self.phones.add(phone)
        return phone

    def email(self, last_name: str, first_name: str) -> str:
        local = f"{names.translit(last_name)}.{names.translit(first_name)}"
        while (email := f"{local}.{self.rng.randrange(100, 1000)}@example.com") in self.emails:
            pass
        self.emails.add(email)
        return email

    def _birth_date(self, role: str) -> date:
        rng = self.rng
        if role == "official":
            age = min(60, int(rng.triangular(25, 61, 34)))
        elif (r := rng.random()) < 0.08:
            age = rng.randint(16, 17)
        elif r < 0.88:
            age = min(35, int(rng.triangular(18, 36, 23)))
        else:
            age = rng.randint(36, 45)
        # Away from the birthday itself, so the age is exactly ``age`` on ``today``.
        return self.today - timedelta(days=round((age + rng.uniform(0.02, 0.98)) * 365.2425))

    def _directions(self, ministry: str | None) -> tuple[str, ...]:
        rng = self.rng
        k = rng.choices((1, 2, 3), weights=(5, 3, 2) if ministry else (3, 4, 3))[0]
        chosen = [ministry] if ministry else []
        pool = [d for d in self.directions if d not in chosen]
        while len(chosen) < min(k, len(self.directions)):
            pick = rng.choices(pool, weights=[DIRECTION_APPEAL.get(d, 1.0) for d in pool])[0]
            chosen.append(pick)
            pool.remove(pick)
        return tuple(chosen)

    def _ideas(self, directions: tuple[str, ...]) -> tuple[IdeaPlan, ...]:
        rng = self.rng
        ideas: list[IdeaPlan] = []
        for position in range(rng.choices((1, 2, 3), weights=(45, 35, 20))[0]):
            titles, topics, goals = names.IDEA_THEMES.get(directions[position % len(directions)],
                                                          names.GENERIC_THEME)
            fmt = rng.choice(names.IDEA_FORMATS)
            title = f"{fmt} «{rng.choice(titles)}»"
            if any(i.title == title for i in ideas):
                continue
            description = " ".join((
                f"{fmt} {rng.choice(topics)}.",
                f"Цель проекта — {rng.choice(goals)}.",
                rng.choice(names.IDEA_AUDIENCES),
                rng.choice(names.IDEA_PLANS),
            ))
            ideas.append(IdeaPlan(title=title, description=description))
        return tuple(ideas)

    def _accounts(self, role: str, last_name: str, first_name: str, direction: str
                  ) -> tuple[SocialAccountPlan, ...]:
        rng = self.rng
        if role == "blogger":
            how_many = rng.choices((1, 2, 3), weights=(45, 35, 20))[0]
            # Audiences are log-normal: a median of a few thousand, a handful in the millions.
            reach = rng.lognormvariate(math.log(3000), 1.9)
        elif rng.random() < 0.4:
            how_many, reach = 1, rng.lognormvariate(math.log(800), 1.2)
        else:
            return ()
        platforms = list(PLATFORM_WEIGHTS)
        accounts = []
        for n in range(how_many):
            platform = rng.choices(platforms, weights=[PLATFORM_WEIGHTS[p] for p in platforms])[0]
            platforms.remove(platform)
            followers = reach if n == 0 else reach * rng.uniform(0.03, 0.5)
            url = self._url(platform, last_name, first_name, direction)
            accounts.append(SocialAccountPlan(platform, url, int(min(max(followers, 30), 20_000_000))))
        return tuple(accounts)

    def _url(self, platform: str, last_name: str, first_name: str, direction: str) -> str:
        rng = self.rng
        words = names.HANDLE_WORDS.get(direction, ("blog",))
        handle = rng.choice((
            f"{names.translit(last_name)}_{rng.choice(words)}",
            f"{names.translit(first_name)}_{names.translit(last_name)}",
            f"{rng.choice(words)}_{names.translit(first_name)}{rng.randrange(1, 100)}",
        ))
        while True:
            url = {
                "vk": f"https://vk.com/{handle}",
                "telegram": f"https://t.me/{handle}",
                "youtube": f"https://www.youtube.com/@{handle}",
                "dzen": f"https://dzen.ru/{handle}",
                "rutube": f"https://rutube.ru/channel/{rng.randrange(10**6, 4 * 10**7)}/",
                "ok": f"https://ok.ru/group/{rng.randrange(5 * 10**13, 7 * 10**13)}",
            }[platform]
            if url not in self.handles:
                self.handles.add(url)
                return url
            handle = f"{handle}{rng.randrange(10)}"


def _with_duplicates(rng: random.Random, plans: list[ApplicantPlan], people: _People) -> list[ApplicantPlan]:
    """About 2% apply twice or borrow a channel: a second email with the same phone and
    name, or someone else's channel link. Both sides are flagged, as organizers compare pairs."""
    if len(plans) < 2:
        return plans
    plans = list(plans)
    for i in sorted(rng.sample(range(1, len(plans)), k=round(len(plans) * DUPLICATE_SHARE))):
        # Someone applying twice applies in the same role: an earlier applicant of that role.
        earlier = [k for k in range(i) if plans[k].role == plans[i].role]
        if not earlier:
            continue
        j = rng.choice(earlier)
        original, copy = plans[j], plans[i]
        if original.social_accounts and copy.social_accounts and rng.random() < 0.4:
            borrowed = original.social_accounts[0]
            own = tuple(a for a in copy.social_accounts[1:] if a.platform != borrowed.platform)
            copy = replace(copy, social_accounts=(borrowed, *own))
            reason = f"Совпадает ссылка {borrowed.url} с другой заявкой."
        else:
            copy = replace(
                copy, phone=original.phone, gender=original.gender, last_name=original.last_name,
                first_name=original.first_name, patronymic=original.patronymic,
                birth_date=original.birth_date, region_code=original.region_code, city=original.city,
                email=people.email(original.last_name, original.first_name),
            )
            reason = f"Совпадает телефон {original.phone} с другой заявкой."
        plans[i] = replace(copy, is_possible_duplicate=True, duplicate_reason=reason)
        # An applicant matched twice keeps the first reason; one is enough to open the pair.
        plans[j] = replace(original, is_possible_duplicate=True,
                           duplicate_reason=original.duplicate_reason or reason)
    return plans


def _with_statuses(rng: random.Random, plans: list[ApplicantPlan], stage: str, calendar: Sequence[StagePlan],
                   now: datetime) -> list[ApplicantPlan]:
    """Statuses and their history as ``stage`` would find them at ``now``: while applications
    are open, drafts, submissions and a few withdrawals; from the review on, abandoned drafts
    stay drafts and the rest are under review. Who is selected is the review's to decide
    (topblog.demo.review scores them and selects with the scoring core)."""
    stage_index = STAGE_ORDER.index(stage)
    by_kind = {p.kind: p for p in calendar}
    window_start = by_kind["applications"].starts_at
    window_end = min(by_kind["applications"].ends_at, now)
    review_start = by_kind["portfolio_review"].starts_at

    def at_most_now(moment: datetime, after: datetime) -> datetime:
        return max(min(moment, now), after)

    out: list[ApplicantPlan] = []
    for plan in plans:
        # Slightly more people start near the deadline than at the opening.
        created = window_start + (window_end - window_start) * rng.random() ** 0.8
        shares = (35, 60, 5) if stage_index == 0 else (22, 74, 4)
        status = rng.choices(("draft", "submitted", "withdrawn"), weights=shares)[0]
        if status == "draft":
            out.append(replace(plan, status="draft", created_at=created))
            continue
        submitted = created + timedelta(hours=rng.expovariate(1 / 30))
        if submitted > window_end:
            # Spread rather than clamp, or hundreds would share the deadline's last second.
            submitted = created + (window_end - created) * rng.random()
        history = [StatusStep("draft", "submitted", submitted, True)]
        if status == "withdrawn":
            history.append(StatusStep("submitted", "withdrawn",
                                      submitted + (window_end - submitted) * rng.random(), True))
        elif stage_index >= 1:
            status = "under_review"
            history.append(StatusStep("submitted", status,
                                      at_most_now(review_start + timedelta(hours=rng.uniform(9, 72)),
                                                  submitted), False))
        out.append(replace(plan, status=status, created_at=created, submitted_at=submitted,
                           history=tuple(history)))
    return out
