"""An application as the applicant edits it: a plain dataclass that the form and the
API fill and ``services.application_draft_save`` writes, and the snapshot of an
application the intake rules judge."""

from dataclasses import dataclass, field
from datetime import date

from applications import rules
from applications.models import Application, PortfolioFile
from applications.rules import IdeaRow, SocialAccountRow

# The names the services and the API use for a row of the draft.
SocialAccountDraft = SocialAccountRow
IdeaDraft = IdeaRow


@dataclass
class ApplicationDraft:
    """Every field the applicant edits. Empty values are fine: a draft may be
    incomplete. Reference data travels as codes: region by its ФНС code, directions
    and the ministry by their direction codes; directions are in rank order."""

    role: str = ""
    last_name: str = ""
    first_name: str = ""
    patronymic: str = ""
    birth_date: date | None = None
    region_code: str = ""
    city: str = ""
    phone: str = ""
    rkn_number: str = ""
    ministry_direction_code: str = ""
    department: str = ""
    position: str = ""
    motivation: str = ""
    direction_codes: list[str] = field(default_factory=list)
    social_accounts: list[SocialAccountRow] = field(default_factory=list)
    content_links: list[str] = field(default_factory=list)
    ideas: list[IdeaRow] = field(default_factory=list)
    processing_consent_ticked: bool = False
    publication_consent_ticked: bool = False


# Fields copied as they are between an application and its draft.
PLAIN_FIELDS = (
    "role",
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "city",
    "phone",
    "rkn_number",
    "department",
    "position",
    "motivation",
    "processing_consent_ticked",
    "publication_consent_ticked",
)


def draft_from_application(application: Application) -> ApplicationDraft:
    """The draft as stored. Expects the children prefetched (selectors.application_of)."""
    return ApplicationDraft(
        **{name: getattr(application, name) for name in PLAIN_FIELDS},
        region_code=application.region.code if application.region_id else "",
        ministry_direction_code=(
            application.ministry_direction.code if application.ministry_direction_id else ""
        ),
        direction_codes=[choice.direction.code for choice in application.direction_choices.all()],
        # In the order the person entered them, as the form keeps them; the cabinet lists
        # them by audience.
        social_accounts=[
            SocialAccountRow(platform=a.platform, url=a.url, followers=a.followers)
            for a in sorted(application.social_accounts.all(), key=lambda a: a.pk)
        ],
        content_links=[link.url for link in application.content_links.all()],
        ideas=[IdeaRow(title=idea.title, description=idea.description) for idea in application.ideas.all()],
    )


def snapshot_of(application: Application, *, today: date) -> rules.ApplicationSnapshot:
    """The application as ``rules.submission_problems`` sees it."""
    draft = draft_from_application(application)
    files = list(application.files.all())
    season = application.season
    return rules.ApplicationSnapshot(
        today=today,
        min_applicant_age=season.min_applicant_age,
        adult_age=season.adult_age,
        role=draft.role,
        last_name=draft.last_name,
        first_name=draft.first_name,
        birth_date=draft.birth_date,
        region_code=draft.region_code,
        city=draft.city,
        phone=draft.phone,
        ministry_direction_code=draft.ministry_direction_code,
        department=draft.department,
        position=draft.position,
        direction_codes=tuple(draft.direction_codes),
        social_accounts=tuple(draft.social_accounts),
        content_links=tuple(draft.content_links),
        ideas=tuple(draft.ideas),
        motivation=draft.motivation,
        work_files=sum(1 for f in files if f.kind == PortfolioFile.Kind.WORK),
        has_parent_consent=any(f.kind == PortfolioFile.Kind.PARENT_CONSENT for f in files),
    )
