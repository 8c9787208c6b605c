"""The demo generator on its own: no database, plain dataclasses."""

import csv
import io
import re
from collections import Counter
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from statistics import median

import pytest
from PIL import Image

from applications import rules
from topblog.demo import files, generator, names, plans, portfolio
from topblog.demo.generator import MOSCOW, STAGE_ORDER

REGIONS_CSV = Path(__file__).resolve().parents[2] / "topblog" / "tracks" / "data" / "regions.csv"
DIRECTIONS = ("culture", "health", "agro", "science", "tourism")
NOW = datetime(2026, 3, 10, 15, 30, tzinfo=MOSCOW)
URL_PATTERNS = {
    "vk": r"https://vk\.com/[a-z0-9_.]+",
    "telegram": r"https://t\.me/[a-z0-9_]{5,32}",
    "youtube": r"https://www\.youtube\.com/@[a-z0-9_.-]+",
    "dzen": r"https://dzen\.ru/[a-z0-9_.]+",
    "rutube": r"https://rutube\.ru/channel/\d+/",
    "ok": r"https://ok\.ru/group/\d{14}",
}


@lru_cache(maxsize=1)
def regions() -> list[tuple[str, int]]:
    with open(REGIONS_CSV, encoding="utf-8", newline="") as f:
        return [(row["code"], int(row["population_thousands"])) for row in csv.DictReader(f)]


# Shared between tests, which only read the plans: generation dominates this module's run time.
@lru_cache(maxsize=16)
def generate(
    count: int = 500, *, seed: int = 1, stage: str = "applications"
) -> tuple[plans.ApplicantPlan, ...]:
    return tuple(
        generator.generate_applicants(
            count=count,
            seed=seed,
            stage=stage,
            now=NOW,
            regions=regions(),
            directions=DIRECTIONS,
            calendar=generator.season_calendar(today=NOW.date(), stage=stage),
        )
    )


def age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def test_same_seed_gives_the_same_season():
    # Past the cache: two independent runs.
    assert generate.__wrapped__(seed=7) == generate.__wrapped__(seed=7)


def test_another_seed_gives_another_season():
    assert [p.email for p in generate(seed=7)] != [p.email for p in generate(seed=8)]


def test_about_85_percent_are_bloggers():
    roles = Counter(p.role for p in generate(2000))
    assert 0.82 <= roles["blogger"] / 2000 <= 0.88


def test_every_link_matches_its_platform_and_is_unique_unless_a_duplicate():
    plans = generate(2000)
    links = Counter(a.url for p in plans for a in p.social_accounts)
    for plan in plans:
        for account in plan.social_accounts:
            assert re.fullmatch(URL_PATTERNS[account.platform], account.url), account
            assert links[account.url] == 1 or plan.is_possible_duplicate


def test_bloggers_have_accounts_and_officials_lead_with_their_ministry():
    for plan in generate(2000):
        assert 1 <= len(plan.directions) <= 3 and len(set(plan.directions)) == len(plan.directions)
        assert 1 <= len(plan.ideas) <= 3
        if plan.role == "official":
            assert plan.directions[0] == plan.ministry_direction
            assert plan.department and plan.position
        else:
            assert plan.social_accounts and plan.ministry_direction is None


def test_followers_are_heavy_tailed():
    totals = [p.total_followers for p in generate(2000) if p.role == "blogger"]
    assert 1_000 <= median(totals) <= 10_000
    assert max(totals) >= 100 * median(totals)


def test_rkn_number_only_above_the_threshold():
    for plan in generate(2000):
        assert bool(plan.rkn_number) == (plan.role == "blogger" and plan.total_followers > 10_000)


def test_regions_are_weighted_by_population():
    plans = generate(5000)
    bloggers = Counter(p.region_code for p in plans if p.role == "blogger")
    assert bloggers["77"] > 50 * max(bloggers["83"], 1)
    assert all(p.city == names.CITIES[p.region_code] for p in plans)


def test_names_agree_with_gender():
    for plan in generate(2000):
        if plan.gender == "f":
            assert plan.first_name in names.FEMALE_NAMES
            assert plan.patronymic.endswith(("вна", "ична"))
            assert plan.last_name in {names.female_surname(s) for s in names.SURNAMES}
        else:
            assert plan.first_name in names.MALE_NAMES
            assert plan.patronymic.endswith("ич")
            assert plan.last_name in names.SURNAMES


@pytest.mark.parametrize(
    ("male", "female"),
    [
        ("Иванов", "Иванова"),
        ("Соловьёв", "Соловьёва"),
        ("Ильин", "Ильина"),
        ("Покровский", "Покровская"),
        ("Белецкий", "Белецкая"),
        ("Донской", "Донская"),
        ("Черных", "Черных"),
        ("Шевченко", "Шевченко"),
    ],
)
def test_female_surnames(male, female):
    assert names.female_surname(male) == female


def test_ages_fit_the_role():
    for plan in generate(2000):
        years = age(plan.birth_date, NOW.date())
        assert (16 <= years <= 45) if plan.role == "blogger" else (25 <= years <= 60)


def test_contacts_are_unique_except_intended_duplicates():
    plans = generate(2000)
    assert len({p.email for p in plans}) == len(plans)
    assert all(re.fullmatch(r"\+79\d{9}", p.phone) for p in plans)
    phones = Counter(p.phone for p in plans)
    links = Counter(a.url for p in plans for a in p.social_accounts)
    flagged = [p for p in plans if p.is_possible_duplicate]
    assert 0.02 <= len(flagged) / len(plans) <= 0.05  # both sides of ~2% pairs
    for plan in flagged:
        assert phones[plan.phone] > 1 or any(links[a.url] > 1 for a in plan.social_accounts)
        assert plan.duplicate_reason.startswith("Совпадает")
    assert not any(p.duplicate_reason for p in plans if not p.is_possible_duplicate)


@pytest.mark.parametrize("stage", STAGE_ORDER)
def test_calendar_puts_the_stage_in_progress(stage):
    calendar = generator.season_calendar(today=NOW.date(), stage=stage)
    assert [p.kind for p in calendar] == list(STAGE_ORDER)
    current = next(p for p in calendar if p.kind == stage)
    assert current.starts_at <= NOW <= current.ends_at
    for before, after in pairwise(calendar):
        assert after.starts_at - before.ends_at == timedelta(seconds=1)
    window = calendar[0]
    assert (window.ends_at.hour, window.ends_at.minute) == (23, 59) and window.ends_at.tzinfo is MOSCOW
    assert {p.kind for p in calendar if "Сенеж" in p.venue} == {"team_module", "final"}


@pytest.mark.parametrize(
    ("today", "final_year"),
    [
        (date(2026, 12, 1), 2027),
        (date(2027, 5, 25), 2027),
        (date(2027, 5, 26), 2028),
        (date(2027, 11, 18), 2028),
    ],
)
def test_real_calendar_holds_the_final_on_17_to_19_november_with_the_window_open(today, final_year):
    calendar = generator.real_season_calendar(today=today)
    assert [p.kind for p in calendar] == list(STAGE_ORDER)
    final = calendar[-1]
    final_days = (final.starts_at.date(), final.ends_at.date())
    assert final_days == (date(final_year, 11, 17), date(final_year, 11, 19))
    window = calendar[0]
    assert window.starts_at.date() < today
    assert window.ends_at.date() >= today + timedelta(days=generator.WINDOW_DAYS_LEFT)
    for before, after in pairwise(calendar):
        assert after.starts_at - before.ends_at == timedelta(seconds=1)
    lengths = {p.kind: (p.ends_at.date() - p.starts_at.date()).days + 1 for p in calendar}
    assert {k: v for k, v in lengths.items() if k != "applications"} == {
        k: v for k, v in generator.STAGE_DAYS.items() if k != "applications"
    }


def test_statuses_while_applications_are_open():
    plans = generate(2000)
    statuses = Counter(p.status for p in plans)
    assert set(statuses) == {"draft", "submitted", "withdrawn"}
    assert 0.30 <= statuses["draft"] / 2000 <= 0.40
    assert 0.02 <= statuses["withdrawn"] / 2000 <= 0.08
    for plan in plans:
        assert (plan.submitted_at is None) == (plan.status == "draft")
        moments = [plan.created_at] + [s.at for s in plan.history]
        assert moments == sorted(moments) and moments[-1] <= NOW
        assert not plan.history or plan.history[-1].to_status == plan.status


def test_statuses_during_review_and_after_it():
    reviewing = Counter(p.status for p in generate(1000, stage="portfolio_review"))
    assert set(reviewing) == {"draft", "under_review", "withdrawn"}
    assert reviewing["under_review"] > 0.6 * 1000
    # Who is selected the review decides (topblog.demo.review, tested with seed_demo).
    assert {p.status for p in generate(1000, stage="education")} == {"draft", "withdrawn", "under_review"}


def test_quotas_scale_down_for_a_small_demo():
    assert generator.scaled_quotas(200, 600, 100) == (14, 2)
    assert generator.scaled_quotas(20_000, 600, 100) == (600, 100)


# --- portfolios: links, files and consents (topblog.demo.portfolio and .files)


def snapshot(plan: plans.ApplicantPlan) -> rules.ApplicationSnapshot:
    return portfolio.snapshot(plan, today=NOW.date(), min_applicant_age=14, adult_age=18)


def test_every_submitted_application_passes_the_intake_rules():
    for plan in generate(2000):
        if plan.status != "draft":
            assert rules.submission_problems(snapshot(plan)) == [], plan


def test_a_submitted_minor_has_a_parents_consent_and_nobody_else_does():
    plans = generate(2000)
    for plan in plans:
        minor = age(plan.birth_date, NOW.date()) < 18
        has_consent = any(f.kind == "parent_consent" for f in plan.files)
        assert has_consent == (minor and plan.status != "draft"), plan
    assert any(f.kind == "parent_consent" for p in plans for f in p.files)


def test_a_few_hundred_files_for_a_full_season():
    plans = generate(8500)
    work = [f for p in plans for f in p.files if f.kind == "work"]
    total = sum(len(p.files) for p in plans)
    assert 100 <= len(work) <= 600 and total <= 1000
    for plan in plans:
        kinds = Counter(f.kind for f in plan.files)
        assert kinds["work"] <= rules.MAX_WORK_FILES and kinds["parent_consent"] <= 1
        assert not kinds["work"] or plan.role == "blogger"
        assert len({f.original_name for f in plan.files}) == len(plan.files)
        assert all(f.original_name.endswith(f".{f.format}") for f in plan.files)


def test_content_links_are_posts_on_the_bloggers_own_platforms():
    plans = generate(2000)
    assert sum(len(p.content_links) for p in plans) > 1000
    for plan in plans:
        assert len(plan.content_links) <= rules.MAX_CONTENT_LINKS
        assert len(set(plan.content_links)) == len(plan.content_links)
        assert not plan.content_links or plan.role == "blogger"
        platforms = {a.platform for a in plan.social_accounts}
        for link in plan.content_links:
            assert any(rules.url_matches_platform(link, p) for p in platforms), link


def test_consent_evidence_and_publication_consent():
    plans = generate(2000)
    for plan in plans:
        assert plan.consent_ip.rsplit(".", 1)[0] in portfolio.IP_BLOCKS
        assert plan.consent_user_agent in portfolio.USER_AGENTS
        assert not plan.publication_consent or plan.status != "draft"
    submitted = [p for p in plans if p.status != "draft"]
    assert 0.5 <= sum(p.publication_consent for p in submitted) / len(submitted) <= 0.7


def test_png_is_a_valid_image_with_the_gradient():
    data = files.png_bytes(width=32, height=10, top=(255, 0, 0), bottom=(0, 0, 255))

    with Image.open(io.BytesIO(data)) as image:
        image.verify()
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        assert (image.format, image.size, image.mode) == ("PNG", (32, 10), "RGB")
        assert image.getpixel((0, 0)) == (255, 0, 0) and image.getpixel((31, 9)) == (0, 0, 255)


def test_pdf_has_a_correct_cross_reference_table():
    data = files.pdf_bytes(lines=["TopBLOG (demo)", "Case 1"])

    assert data.startswith(b"%PDF-1.4\n") and data.rstrip().endswith(b"%%EOF")
    startxref = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert data[startxref:].startswith(b"xref\n0 6\n")
    entries = data[startxref:].split(b"\n")[3:8]
    for number, entry in enumerate(entries, start=1):
        offset = int(entry.split()[0])
        assert data[offset:].startswith(b"%d 0 obj" % number)
    assert b"(TopBLOG \\(demo\\)) Tj" in data


def test_pdf_refuses_cyrillic_text():
    with pytest.raises(ValueError, match="Cyrillic"):
        files.pdf_bytes(lines=["Портфолио"])
