"""What an expert sees of an application: built once from the application and the
assignment, and rendered as it is by the scoring page and the API. When the review is
blind, what would name the person (name, photo, contacts, birth date, region and city,
the РКН number, links to their accounts and content, their files' names) is never put
into it, so no template or serializer can show it by mistake; the accounts' figures stay.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone

from applications import rules
from applications.models import Application, PortfolioFile, ReviewAssignment
from applications.selectors import blind_file_name


@dataclass(frozen=True)
class Person:
    full_name: str
    birth_date: date | None
    region: str
    city: str
    phone: str
    email: str
    rkn_number: str


@dataclass(frozen=True)
class DirectionShown:
    rank: int
    code: str
    name: str
    name_en: str


@dataclass(frozen=True)
class AccountShown:
    platform: str
    platform_label: str
    followers: int
    url: str | None  # None when blind


@dataclass(frozen=True)
class IdeaShown:
    title: str
    description: str


@dataclass(frozen=True)
class FileShown:
    id: int
    name: str
    content_type: str
    size: int
    url: str


@dataclass(frozen=True)
class ApplicationForExpert:
    id: int
    blind: bool
    role: str
    role_label: str
    status: str
    submitted_at: object
    age: int | None
    person: Person | None  # None when blind
    directions: tuple[DirectionShown, ...]
    ministry: str
    ministry_en: str
    department: str
    position: str
    total_followers: int
    accounts: tuple[AccountShown, ...]
    content_links: tuple[str, ...]  # empty when blind
    ideas: tuple[IdeaShown, ...]
    motivation: str
    files: tuple[FileShown, ...]


def _file(portfolio: PortfolioFile, *, blind: bool) -> FileShown:
    return FileShown(
        id=portfolio.pk,
        name=blind_file_name(portfolio) if blind else portfolio.original_name,
        content_type=portfolio.content_type,
        size=portfolio.size,
        url=reverse("applications:file", args=[portfolio.pk]),
    )


def application_for_expert(assignment: ReviewAssignment) -> ApplicationForExpert:
    """The application of ``assignment`` as its expert may see it (children prefetched
    by selectors.expert_assignment)."""
    a: Application = assignment.application
    blind = assignment.blind
    today = timezone.localdate()
    person = None
    if not blind:
        person = Person(
            full_name=a.full_name,
            birth_date=a.birth_date,
            region=a.region.name if a.region else "",
            city=a.city,
            phone=a.phone,
            email=a.applicant.email,
            rkn_number=a.rkn_number,
        )
    ministry = a.ministry_direction
    return ApplicationForExpert(
        id=a.pk,
        blind=blind,
        role=a.role,
        role_label=str(a.get_role_display()),
        status=a.status,
        submitted_at=a.submitted_at,
        age=rules.age_on(a.birth_date, today) if a.birth_date else None,
        person=person,
        directions=tuple(
            DirectionShown(
                rank=c.rank, code=c.direction.code, name=c.direction.name, name_en=c.direction.name_en
            )
            for c in a.direction_choices.all()
        ),
        ministry=ministry.ministry if ministry else "",
        ministry_en=ministry.ministry_en if ministry else "",
        department=a.department,
        position=a.position,
        total_followers=a.total_followers,
        accounts=tuple(
            AccountShown(
                platform=s.platform,
                platform_label=str(s.get_platform_display()),
                followers=s.followers,
                url=None if blind else s.url,
            )
            for s in a.social_accounts.all()
        ),
        content_links=() if blind else tuple(link.url for link in a.content_links.all()),
        ideas=tuple(IdeaShown(title=i.title, description=i.description) for i in a.ideas.all()),
        motivation=a.motivation,
        files=tuple(_file(f, blind=blind) for f in a.files.all() if f.kind == PortfolioFile.Kind.WORK),
    )
