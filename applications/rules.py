"""The intake rules of an application, with no Django in them: what a phone number,
a platform's link and an age are, and what an application must have to be submitted.

Plain values in, plain values out, so forms, the API and services share one copy of
each rule and tests run without a database. Messages live in ``validators``: here a
problem is a field and a code.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit, urlunsplit

# Limits of the form. The text lengths equal the model fields' max_length
# (tests/applications/test_rules.py checks they agree).
MIN_DIRECTIONS, MAX_DIRECTIONS = 1, 3
MIN_IDEAS, MAX_IDEAS = 1, 3
MAX_CONTENT_LINKS = 5
MAX_WORK_FILES = 3
# One row per platform is enough for anyone; "other" may repeat, so a little more.
MAX_SOCIAL_ACCOUNTS = 7
MOTIVATION_MAX_LENGTH = 2000
IDEA_TITLE_MAX_LENGTH = 200
IDEA_DESCRIPTION_MAX_LENGTH = 3000
# Why a status changed: a few sentences, read in the history and in the applicant's mail.
STATUS_REASON_MAX_LENGTH = 1000
# Nobody applying is older; an earlier date is a typo.
MAX_AGE = 100
# More than any account on any platform has: a larger number is a typo, and seven of
# them summed still fit the database's integer.
MAX_FOLLOWERS = 1_000_000_000
# What the editing form and the API send back of an application; far above any it reaches.
MAX_VERSION = 2**31 - 1

ROLES = ("blogger", "official")
BLOGGER, OFFICIAL = ROLES
OTHER_PLATFORM = "other"

# The hosts each platform's pages live on; a subdomain of one (m.vk.com) counts too.
PLATFORM_DOMAINS: dict[str, tuple[str, ...]] = {
    "vk": ("vk.com", "vk.ru"),
    "telegram": ("t.me", "telegram.me"),
    "youtube": ("youtube.com", "youtu.be"),
    "rutube": ("rutube.ru",),
    "dzen": ("dzen.ru", "zen.yandex.ru"),
    "ok": ("ok.ru",),
}

_PHONE_FORMATTING = re.compile(r"[\s\-().\u00a0]")
# A Russian number has ten digits after +7; those starting with 3, 4, 8 or 9 are
# Russian (+7 6xx and 7xx belong to Kazakhstan).
_NATIONAL_NUMBER = re.compile(r"[3489]\d{9}")


def phone_normalize(raw: str) -> str | None:
    """The number as "+7XXXXXXXXXX", or None when it is not a Russian phone number.
    Accepts +7, 8 or 7 in front, or none, with spaces, dashes, dots and brackets."""
    digits = _PHONE_FORMATTING.sub("", raw or "")
    if digits.startswith("+7"):
        digits = digits[2:]
    elif len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    if not _NATIONAL_NUMBER.fullmatch(digits):
        return None
    return f"+7{digits}"


def phone_display(phone: str, *, domestic: bool = False) -> str:
    """A stored number as people read it: "+7 912 345-67-89", or as dialled within
    Russia, "8 (912) 345-67-89"; anything that is not a number as it is."""
    normalized = phone_normalize(phone)
    if normalized is None:
        return phone
    digits = normalized[2:]
    if domestic:
        return f"8 ({digits[:3]}) {digits[3:6]}-{digits[6:8]}-{digits[8:]}"
    return f"+7 {digits[:3]} {digits[3:6]}-{digits[6:8]}-{digits[8:]}"


def _host(url: str) -> str | None:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname.lower().rstrip(".")


def _on_domain(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def url_matches_platform(url: str, platform: str) -> bool:
    """Whether ``url`` is an http(s) link to a page of ``platform``: on one of its
    hosts and not just its front page. Any web page will do for "other"."""
    host = _host(url)
    if host is None or "." not in host:
        return False
    if platform == OTHER_PLATFORM:
        return True
    domains = PLATFORM_DOMAINS.get(platform)
    if not domains or not any(_on_domain(host, d) for d in domains):
        return False
    parts = urlsplit(url.strip())
    return bool(parts.path.strip("/") or parts.query)


def platform_detect(url: str) -> str:
    """The platform a link belongs to, "other" when it is none of the listed ones."""
    host = _host(url) or ""
    for platform, domains in PLATFORM_DOMAINS.items():
        if any(_on_domain(host, d) for d in domains):
            return platform
    return OTHER_PLATFORM


def url_normalize(url: str) -> str:
    """One spelling per page, so the same account typed twice compares equal: https,
    lower-case host without "www." or "m.", no fragment, no trailing slash."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    for prefix in ("www.", "m."):
        if host.startswith(prefix) and "." in host[len(prefix) :]:
            host = host[len(prefix) :]
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(("https", netloc, parts.path.rstrip("/"), parts.query, ""))


# The extension each accepted file type is stored and downloaded with, whatever name it
# was uploaded under: a JPEG called "photo.html" must never come back as an .html file.
FILE_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}


def file_name_for(name: str, content_type: str) -> str:
    """``name`` with the extension of the type found in the file's content."""
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = base.rsplit(".", 1)[0]
    return (stem.strip() or "file") + FILE_EXTENSIONS.get(content_type, "")


def is_blank(value: str) -> bool:
    """Nothing a reader would see: empty, spaces, or invisible characters only (a
    zero-width space, a direction mark), which str.strip() keeps."""
    return not any(
        not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Zs", "Zl", "Zp") for ch in value
    )


def has_letter(value: str) -> bool:
    """A name (of a person or a place) has at least one letter."""
    return any(ch.isalpha() for ch in value)


def age_on(birth_date: date, today: date) -> int:
    """Full years on ``today``; someone born on 29 February turns a year older on 1 March."""
    had_birthday = (today.month, today.day) >= (birth_date.month, birth_date.day)
    return today.year - birth_date.year - (0 if had_birthday else 1)


@dataclass(frozen=True)
class SocialAccountRow:
    platform: str
    url: str
    followers: int = 0


@dataclass(frozen=True)
class IdeaRow:
    title: str
    description: str


@dataclass(frozen=True)
class Problem:
    """Something that keeps an application from being submitted: the field (or
    section) it is about and a code that ``validators`` turns into a message."""

    field: str
    code: str


@dataclass(frozen=True)
class ApplicationSnapshot:
    """An application as the rules see it, with the season's ages and today's date."""

    today: date
    min_applicant_age: int
    adult_age: int
    role: str = ""
    last_name: str = ""
    first_name: str = ""
    birth_date: date | None = None
    region_code: str = ""
    city: str = ""
    phone: str = ""
    ministry_direction_code: str = ""
    department: str = ""
    position: str = ""
    direction_codes: tuple[str, ...] = ()
    social_accounts: tuple[SocialAccountRow, ...] = ()
    content_links: tuple[str, ...] = ()
    ideas: tuple[IdeaRow, ...] = ()
    motivation: str = ""
    work_files: int = 0
    has_parent_consent: bool = False


def _person_problems(s: ApplicationSnapshot) -> list[Problem]:
    problems = []
    if s.role not in ROLES:
        problems.append(Problem("role", "required"))
    for name in ("last_name", "first_name", "city"):
        if not has_letter(getattr(s, name)):
            problems.append(Problem(name, "required"))
    if s.birth_date is None:
        problems.append(Problem("birth_date", "required"))
    elif s.birth_date > s.today:
        problems.append(Problem("birth_date", "future"))
    else:
        age = age_on(s.birth_date, s.today)
        if age < s.min_applicant_age:
            problems.append(Problem("birth_date", "too_young"))
        elif age < s.adult_age and not s.has_parent_consent:
            problems.append(Problem("parent_consent", "required"))
    if not s.region_code:
        problems.append(Problem("region", "required"))
    if not s.phone:
        problems.append(Problem("phone", "required"))
    elif phone_normalize(s.phone) is None:
        problems.append(Problem("phone", "invalid"))
    return problems


def _blogger_problems(s: ApplicationSnapshot) -> list[Problem]:
    problems = []
    if not s.social_accounts:
        problems.append(Problem("social_accounts", "required"))
    for account in s.social_accounts:
        if not account.url:
            problems.append(Problem("social_accounts", "url_required"))
        elif not url_matches_platform(account.url, account.platform):
            problems.append(Problem("social_accounts", "url_platform"))
        if account.followers < 0:
            problems.append(Problem("social_accounts", "followers_negative"))
        elif account.followers > MAX_FOLLOWERS:
            problems.append(Problem("social_accounts", "followers_too_many"))
    if len(s.content_links) > MAX_CONTENT_LINKS:
        problems.append(Problem("content_links", "too_many"))
    if s.work_files > MAX_WORK_FILES:
        problems.append(Problem("files", "too_many"))
    return list(dict.fromkeys(problems))


def _official_problems(s: ApplicationSnapshot) -> list[Problem]:
    filled = {
        "ministry_direction": s.ministry_direction_code,
        "department": not is_blank(s.department),
        "position": not is_blank(s.position),
    }
    return [Problem(name, "required") for name, value in filled.items() if not value]


def _directions_problems(s: ApplicationSnapshot) -> list[Problem]:
    codes = s.direction_codes
    if len(codes) < MIN_DIRECTIONS:
        return [Problem("directions", "required")]
    problems = []
    if len(codes) > MAX_DIRECTIONS:
        problems.append(Problem("directions", "too_many"))
    if len(set(codes)) != len(codes):
        problems.append(Problem("directions", "duplicate"))
    if s.role == OFFICIAL and s.ministry_direction_code and codes[0] != s.ministry_direction_code:
        problems.append(Problem("directions", "official_first"))
    return problems


def _ideas_problems(s: ApplicationSnapshot) -> list[Problem]:
    problems = []
    if len(s.ideas) < MIN_IDEAS:
        problems.append(Problem("ideas", "required"))
    elif len(s.ideas) > MAX_IDEAS:
        problems.append(Problem("ideas", "too_many"))
    if any(is_blank(idea.title) or is_blank(idea.description) for idea in s.ideas):
        problems.append(Problem("ideas", "incomplete"))
    if is_blank(s.motivation):
        problems.append(Problem("motivation", "required"))
    elif len(s.motivation) > MOTIVATION_MAX_LENGTH:
        problems.append(Problem("motivation", "too_long"))
    return problems


def submission_problems(snapshot: ApplicationSnapshot) -> list[Problem]:
    """Everything that keeps this application from being submitted, in the order of
    the form; empty when it may be submitted. The window and the status are the
    service's business, not the content's."""
    problems = _person_problems(snapshot)
    if snapshot.role == BLOGGER:
        problems += _blogger_problems(snapshot)
    elif snapshot.role == OFFICIAL:
        problems += _official_problems(snapshot)
    problems += _directions_problems(snapshot)
    problems += _ideas_problems(snapshot)
    return problems
