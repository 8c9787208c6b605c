"""What a demo applicant shows besides the form: links to their best content, files of
their work, a parent's consent when they are a minor, and the evidence of their consents.

No Django. Whether a parent's consent is needed is not decided here: the applicant is
run through the intake rules (``applications.rules.submission_problems``), the same
function the form and the API use."""

from __future__ import annotations

import random
import string
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from applications import rules
from topblog.demo.plans import ApplicantPlan, FilePlan

# About 2% of bloggers attach work files (some 250 files for a full season, next to some
# 400 parents' consents of submitted minors): the seed stays fast, and the admin and the
# cabinet have real files to show.
WORK_FILES_SHARE = 0.02
# Most of those who submit agree to their name and links being published.
PUBLICATION_CONSENT_SHARE = 0.6
# Documentation address blocks (RFC 5737): realistic-looking, and nobody's real address.
IP_BLOCKS = ("192.0.2", "198.51.100", "203.0.113")
USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/122.0.0.0 YaBrowser/24.4.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
)
WORK_FILE_NAMES = {
    "png": ("обложка_канала.png", "статистика_аудитории.png", "скриншот_публикации.png", "афиша_проекта.png"),
    "pdf": ("портфолио.pdf", "медиакит.pdf", "кейс_спецпроекта.pdf", "резюме.pdf"),
}
PARENT_CONSENT_NAME = "согласие_родителя.pdf"
_ID_CHARS = string.ascii_letters + string.digits + "_-"


def content_links(rng: random.Random, accounts: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """Up to five links to posts and videos on the blogger's own ``(platform, url)`` accounts."""
    if not accounts:
        return ()
    wanted = rng.choices(range(rules.MAX_CONTENT_LINKS + 1), weights=(15, 25, 25, 15, 10, 10))[0]
    links: list[str] = []
    for _ in range(wanted):
        platform, url = rng.choice(accounts)
        link = _post_url(rng, platform, url)
        if link not in links:
            links.append(link)
    return tuple(links)


def _post_url(rng: random.Random, platform: str, account_url: str) -> str:
    if platform == "telegram":
        return f"{account_url}/{rng.randrange(2, 4000)}"
    if platform == "vk":
        return f"https://vk.com/wall-{rng.randrange(10**7, 3 * 10**8)}_{rng.randrange(2, 9000)}"
    if platform == "youtube":
        return f"https://www.youtube.com/watch?v={''.join(rng.choices(_ID_CHARS, k=11))}"
    if platform == "rutube":
        return f"https://rutube.ru/video/{rng.getrandbits(128):032x}/"
    if platform == "dzen":
        return f"https://dzen.ru/a/{''.join(rng.choices(_ID_CHARS[:-2], k=22))}"
    if platform == "ok":
        return f"https://ok.ru/video/{rng.randrange(10**12, 10**13)}"
    return account_url


def work_files(rng: random.Random, *, role: str) -> tuple[FilePlan, ...]:
    if role != rules.BLOGGER or rng.random() >= WORK_FILES_SHARE:
        return ()
    how_many = rng.choices(range(1, rules.MAX_WORK_FILES + 1), weights=(5, 3, 2))[0]
    files: list[FilePlan] = []
    for _ in range(how_many):
        fmt = "png" if rng.random() < 0.6 else "pdf"
        name = rng.choice(WORK_FILE_NAMES[fmt])
        if all(f.original_name != name for f in files):
            files.append(FilePlan("work", name, fmt))
    return tuple(files)


def parent_consent_needed(snapshot: rules.ApplicationSnapshot) -> bool:
    """Whether the intake rules would refuse this application for want of a parent's consent."""
    return rules.Problem("parent_consent", "required") in rules.submission_problems(snapshot)


def parent_consent_file() -> FilePlan:
    return FilePlan("parent_consent", PARENT_CONSENT_NAME, "pdf")


def consent_evidence(rng: random.Random) -> tuple[str, str]:
    """The IP address and browser a consent is recorded with."""
    return f"{rng.choice(IP_BLOCKS)}.{rng.randrange(1, 255)}", rng.choice(USER_AGENTS)


def with_portfolios(
    rng: random.Random, plans: Sequence[ApplicantPlan], *, today: date, min_applicant_age: int, adult_age: int
) -> list[ApplicantPlan]:
    """Each plan with its content links, files and consent evidence. Everyone consented to
    processing at registration; those who submitted may also have agreed to publication,
    and a minor who submitted attached a parent's consent, as the rules require."""
    out = []
    for plan in plans:
        accounts = [(a.platform, a.url) for a in plan.social_accounts]
        links = content_links(rng, accounts) if plan.role == rules.BLOGGER else ()
        files = work_files(rng, role=plan.role)
        ip_address, user_agent = consent_evidence(rng)
        submitted = plan.status != "draft"
        plan = replace(
            plan, content_links=links, files=files, consent_ip=ip_address, consent_user_agent=user_agent,
            publication_consent=submitted and rng.random() < PUBLICATION_CONSENT_SHARE,
        )
        ages = {"today": today, "min_applicant_age": min_applicant_age, "adult_age": adult_age}
        if submitted and parent_consent_needed(snapshot(plan, **ages)):
            plan = replace(plan, files=(*plan.files, parent_consent_file()))
        out.append(plan)
    return out


def snapshot(plan: ApplicantPlan, *, today: date, min_applicant_age: int, adult_age: int
             ) -> rules.ApplicationSnapshot:
    """The planned application as the intake rules see it."""
    return rules.ApplicationSnapshot(
        today=today, min_applicant_age=min_applicant_age, adult_age=adult_age, role=plan.role,
        last_name=plan.last_name, first_name=plan.first_name, birth_date=plan.birth_date,
        region_code=plan.region_code, city=plan.city, phone=plan.phone,
        ministry_direction_code=plan.ministry_direction or "", department=plan.department,
        position=plan.position, direction_codes=plan.directions,
        social_accounts=tuple(
            rules.SocialAccountRow(a.platform, a.url, a.followers) for a in plan.social_accounts
        ),
        content_links=plan.content_links,
        ideas=tuple(rules.IdeaRow(i.title, i.description) for i in plan.ideas),
        motivation=plan.motivation, work_files=sum(f.kind == "work" for f in plan.files),
        has_parent_consent=any(f.kind == "parent_consent" for f in plan.files),
    )
