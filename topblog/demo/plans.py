"""The plain records the demo generator draws an applicant into and the seed writes as
rows: no Django and no drawing here, so the generator and the portfolio's drawing both
read them without importing each other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class FilePlan:
    kind: str  # "work" or "parent_consent", as PortfolioFile.Kind
    original_name: str
    format: str  # "png" or "pdf"


@dataclass(frozen=True)
class SocialAccountPlan:
    platform: str
    url: str
    followers: int


@dataclass(frozen=True)
class IdeaPlan:
    title: str
    description: str


@dataclass(frozen=True)
class StatusStep:
    from_status: str
    to_status: str
    at: datetime
    by_applicant: bool


@dataclass(frozen=True)
class ApplicantPlan:
    role: str
    gender: str
    last_name: str
    first_name: str
    patronymic: str
    birth_date: date
    region_code: str
    city: str
    phone: str
    email: str
    ministry_direction: str | None
    department: str
    position: str
    directions: tuple[str, ...]
    ideas: tuple[IdeaPlan, ...]
    motivation: str
    social_accounts: tuple[SocialAccountPlan, ...]
    rkn_number: str = ""
    status: str = "draft"
    created_at: datetime | None = None
    submitted_at: datetime | None = None
    history: tuple[StatusStep, ...] = ()
    # A pair made to look like one person on purpose; the intake service flags it.
    is_possible_duplicate: bool = False
    duplicate_reason: str = ""
    content_links: tuple[str, ...] = ()
    files: tuple[FilePlan, ...] = ()
    consent_ip: str = ""
    consent_user_agent: str = ""
    publication_consent: bool = False

    @property
    def total_followers(self) -> int:
        return sum(a.followers for a in self.social_accounts)
