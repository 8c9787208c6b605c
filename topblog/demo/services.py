"""Writes of the demo season: the current season with its calendar, the generated
applicants with their applications, portfolios and consents, and one login per role."""

import logging
import time
from collections import Counter
from dataclasses import dataclass
from statistics import median

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import (
    Application,
    ApplicationDirection,
    ContentLink,
    MediaProjectIdea,
    PortfolioFile,
    ReviewAssignment,
    SocialAccount,
    StatusChange,
)
from applications.services import application_duplicates_flag
from topblog.accounts.models import Consent, ConsentDocument, Role, User
from topblog.accounts.selectors import consent_document_current
from topblog.accounts.services import user_role_grant
from topblog.demo import files, generator, review
from topblog.tracks.models import Direction, Region, Season, Stage, StageKind

logger = logging.getLogger(__name__)

DEFAULT_APPLICATIONS = 8500
DEMO_DOMAIN = "demo.topblog.local"
SEASON = {
    "project": "ТопБЛОГ",
    "track": "Министерство контента",
    "number": 5,
    "bloggers_quota": 600,
    "officials_quota": 100,
    "finalists_quota": 150,
    "team_size": 30,
}
# The demo expert judges real applications of the season (topblog.demo.review).
DEMO_EXPERT_WORD = "expert"
# (role, mailbox and password word, first name, last name). Staff are named on the account;
# the demo applicant is not, because an applicant's name lives on their application.
DEMO_ACCOUNTS: tuple[tuple[Role, str, str, str], ...] = (
    (Role.ORGANIZER, "organizer", "Анна", "Соколова"),
    (Role.EXPERT, DEMO_EXPERT_WORD, "Дмитрий", "Орлов"),
    (Role.MINISTRY_CURATOR, "curator", "Елена", "Миронова"),
    (Role.MINISTRY_LEADERSHIP, "leadership", "Сергей", "Волков"),
    (Role.APPLICANT, "applicant", "", ""),
)
CURATOR_DIRECTION = "culture"
# Rows per INSERT: small enough for any backend's parameter limit, large enough to be fast.
BATCH = 1000


class DemoSeedError(Exception):
    """The demo season cannot be created as asked."""


class DemoDataExists(DemoSeedError):
    """A season or applications are already there and ``reset`` was not asked for."""


@dataclass(frozen=True)
class DemoSummary:
    season_number: int
    stage: str
    applications: int
    by_status: dict[str, int]
    by_role: dict[str, int]
    possible_duplicates: int
    blogger_followers_median: float
    files: int
    consents: int
    experts: int
    reviews: int
    seconds: float


def _demo_data_allowed_check() -> None:
    if not settings.DEMO_DATA_ALLOWED:
        raise DemoSeedError(_(
            "Демо-данные в этой установке запрещены (DEMO_DATA_ALLOWED выключен, как в рабочих "
            "настройках): демо-входы с известными паролями и удаление заявок недопустимы."
        ))


def demo_season_seed(
    *,
    applications: int = DEFAULT_APPLICATIONS,
    seed: int = 1,
    stage: str | None = None,
    reset: bool = False,
) -> DemoSummary:
    """Create the current season and ``applications`` generated applications, in one
    transaction, so that ``stage`` is in progress today; without ``stage``, on the real
    season's calendar (applications open now, the final on 17–19 November).

    1. Refuse if a current season, season 5 or any application exists, unless ``reset``;
       with ``reset``, delete applications, generated applicants and seasons first.
    2. Create the season and its seven stages around today (Moscow time).
    3. Generate the applicants (``generator``, from ``seed``) and bulk-insert their
       accounts, role memberships, applications, directions, accounts, content links,
       ideas, history, portfolio files (small PNG and PDF through the default storage)
       and consents.
    4. Flag the possible duplicates the generator made through the intake service, which
       owns the rule (same phone or same social link) and writes the reason.
    5. The review stage (``review``): experts and criteria; from the portfolio review on,
       assignments and reviews; from the results on, the selection, published.
    """
    _demo_data_allowed_check()
    calendar_of_stage = stage
    stage = stage or StageKind.APPLICATIONS
    if stage not in StageKind.values:
        raise DemoSeedError(_("Неизвестный этап «%(stage)s». Допустимые: %(choices)s.")
                            % {"stage": stage, "choices": ", ".join(StageKind.values)})
    stage = StageKind(stage)
    if applications < 0:
        raise DemoSeedError(_("Число заявок не может быть отрицательным."))
    started = time.perf_counter()
    with transaction.atomic():
        if reset:
            _demo_data_delete()
        elif (
            Season.objects.filter(is_current=True).exists()
            or Season.objects.filter(project=SEASON["project"], track=SEASON["track"],
                                     number=SEASON["number"]).exists()
            or Application.objects.exists()
        ):
            raise DemoDataExists(_("В базе уже есть текущий сезон или заявки, демо-сезон не создан."))
        season = Season.objects.create(is_current=True, **SEASON)
        now = timezone.now()
        today = timezone.localdate(now, generator.MOSCOW)
        calendar = (
            generator.season_calendar(today=today, stage=calendar_of_stage)
            if calendar_of_stage
            else generator.real_season_calendar(today=today)
        )
        Stage.objects.bulk_create(
            Stage(season=season, kind=p.kind, starts_at=p.starts_at, ends_at=p.ends_at,
                  venue=p.venue, venue_en=p.venue_en, description=p.description)
            for p in calendar
        )
        regions = list(Region.objects.values_list("code", "population_thousands", "id"))
        directions = list(Direction.objects.order_by("position", "code").values_list("code", "id"))
        if not regions or not directions:
            raise DemoSeedError(_("Нет справочников регионов и направлений. Выполните migrate."))
        plans = generator.generate_applicants(
            count=applications, seed=seed, stage=stage, calendar=calendar, now=now,
            regions=[(code, population) for code, population, _pk in regions],
            directions=[code for code, _pk in directions],
            min_applicant_age=season.min_applicant_age, adult_age=season.adult_age,
        )
        rows = _applications_insert(
            season=season, plans=plans,
            region_ids={code: pk for code, _population, pk in regions}, direction_ids=dict(directions),
        )
        _portfolios_insert(rows=rows, plans=plans)
        consents = _consents_insert(rows=rows, plans=plans)
        _statistics_refresh()
        _duplicates_flag(rows=rows, plans=plans)
        reviewed = review.review_demo_seed(
            season=season, stage=stage, now=now, seed=seed, calendar=calendar, rows=rows, plans=plans,
            demo_expert_email=f"{DEMO_EXPERT_WORD}@{DEMO_DOMAIN}",
        )
        flagged = Application.objects.filter(season=season, is_possible_duplicate=True).count()
        # From the database: the review stage decides who is selected.
        statuses = Application.objects.filter(season=season).values("status").annotate(n=Count("pk"))
        by_status = Counter(dict(statuses.values_list("status", "n")))
    summary = DemoSummary(
        season_number=season.number,
        stage=stage,
        applications=len(plans),
        by_status=dict(by_status.most_common()),
        by_role=dict(Counter(p.role for p in plans).most_common()),
        possible_duplicates=flagged,
        blogger_followers_median=median([p.total_followers for p in plans if p.role == "blogger"] or [0]),
        files=sum(len(p.files) for p in plans),
        consents=consents,
        experts=reviewed.experts,
        reviews=reviewed.reviews,
        seconds=time.perf_counter() - started,
    )
    logger.info("Demo season %s seeded: %s applications at stage %s in %.1f s",
                summary.season_number, summary.applications, stage, summary.seconds)
    return summary


def _demo_data_delete() -> None:
    # The stored files go once the rows are gone for good, not if the transaction fails.
    stored = list(PortfolioFile.objects.values_list("file", flat=True))
    transaction.on_commit(lambda: [default_storage.delete(name) for name in stored])
    review.review_demo_delete()
    # Children first, one DELETE each: cheaper than Django's cascade collecting them per batch.
    for model in (StatusChange, MediaProjectIdea, SocialAccount, ContentLink, PortfolioFile, ReviewAssignment,
                  ApplicationDirection, Application):
        model.objects.all().delete()
    # Only generated applicants: staff, superusers and the demo logins stay.
    User.objects.filter(groups__name=Role.APPLICANT, is_staff=False, is_superuser=False).exclude(
        email__iendswith=f"@{DEMO_DOMAIN}"
    ).delete()
    Season.objects.all().delete()


def _applications_insert(
    *,
    season: Season,
    plans: list[generator.ApplicantPlan],
    region_ids: dict[str, int],
    direction_ids: dict[str, int],
) -> list[Application]:
    # One unusable hash for everyone: generated applicants never log in, and hashing
    # thousands of passwords would take minutes.
    password = make_password(None)
    users = User.objects.bulk_create(
        (
            User(email=p.email, password=password, is_active=True, date_joined=p.created_at,
                 email_confirmed_at=p.created_at)
            for p in plans
        ),
        batch_size=BATCH,
    )
    group = Group.objects.get(name=Role.APPLICANT)
    Membership = User.groups.through
    Membership.objects.bulk_create(
        (Membership(user_id=u.pk, group_id=group.pk) for u in users), batch_size=BATCH
    )
    rows = Application.objects.bulk_create(
        (
            Application(
                season=season, applicant_id=u.pk, role=p.role, status=p.status,
                last_name=p.last_name, first_name=p.first_name, patronymic=p.patronymic,
                birth_date=p.birth_date, region_id=region_ids.get(p.region_code), city=p.city,
                phone=p.phone, rkn_number=p.rkn_number,
                ministry_direction_id=direction_ids.get(p.ministry_direction or ""),
                department=p.department, position=p.position, motivation=p.motivation,
                total_followers=p.total_followers, submitted_at=p.submitted_at,
            )
            for u, p in zip(users, plans, strict=True)
        ),
        batch_size=BATCH,
    )
    pairs = list(zip(rows, users, plans, strict=True))
    ApplicationDirection.objects.bulk_create(
        (
            ApplicationDirection(application_id=a.pk, direction_id=direction_ids[code], rank=rank)
            for a, _u, p in pairs
            for rank, code in enumerate(p.directions, start=1)
        ),
        batch_size=BATCH,
    )
    SocialAccount.objects.bulk_create(
        (
            SocialAccount(application_id=a.pk, platform=s.platform, url=s.url, followers=s.followers)
            for a, _u, p in pairs
            for s in p.social_accounts
        ),
        batch_size=BATCH,
    )
    MediaProjectIdea.objects.bulk_create(
        (
            MediaProjectIdea(application_id=a.pk, title=i.title, description=i.description, position=n)
            for a, _u, p in pairs
            for n, i in enumerate(p.ideas, start=1)
        ),
        batch_size=BATCH,
    )
    StatusChange.objects.bulk_create(
        (
            # The applicant submits and withdraws; review and selection are the organizers'
            # bulk actions, which no single demo person did.
            StatusChange(application_id=a.pk, from_status=step.from_status, to_status=step.to_status,
                         changed_by_id=u.pk if step.by_applicant else None, changed_at=step.at)
            for a, u, p in pairs
            for step in p.history
        ),
        batch_size=BATCH,
    )
    # auto_now_add/auto_now stamped every row with this moment. One UPDATE puts back when
    # each person started (their sign-up, which bulk_create kept) and last changed the
    # application; a bulk_update of 8,500 rows would take most of the run.
    # Both sides read the row as it was, so a draft's updated_at takes the sign-up too.
    joined = Subquery(User.objects.filter(pk=OuterRef("applicant_id")).values("date_joined")[:1])
    last_change = StatusChange.objects.filter(application=OuterRef("pk")).order_by("-changed_at")
    Application.objects.filter(season=season).update(
        created_at=joined, updated_at=Coalesce(Subquery(last_change.values("changed_at")[:1]), joined)
    )
    return rows


def _statistics_refresh() -> None:
    """Fresh planner statistics after the bulk load: without them SQLite looks a phone up
    through the season index (every application of the season) instead of the phone index."""
    if connection.vendor in ("sqlite", "postgresql"):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _duplicates_flag(*, rows: list[Application], plans: list[generator.ApplicantPlan]) -> None:
    """The generator only made the look-alike pairs; the intake service decides what is
    flagged and why. Flagging one side recomputes its partners as well, so an application
    already flagged by then needs no call of its own."""
    for row, plan in zip(rows, plans, strict=True):
        if plan.is_possible_duplicate and not Application.objects.filter(
            pk=row.pk, is_possible_duplicate=True
        ).exists():
            application_duplicates_flag(application_id=row.pk)


def _file_contents() -> dict[tuple[str, str], list[bytes]]:
    """A few variants per (kind, format), built once; every stored file is still its own copy."""
    colours = [
        ((255, 140, 0), (120, 40, 160)), ((0, 150, 220), (10, 40, 90)), ((230, 60, 80), (250, 200, 60)),
    ]
    work_pdf = [files.pdf_bytes(lines=["TopBLOG - Ministerstvo kontenta", "Portfolio (demo)", f"Case {n}"])
                for n in range(1, 4)]
    return {
        ("work", "png"): [files.png_bytes(width=320, height=180, top=a, bottom=b) for a, b in colours],
        ("work", "pdf"): work_pdf,
        ("parent_consent", "pdf"): [files.pdf_bytes(lines=["Parental consent (demo document)"])],
    }


def _portfolios_insert(*, rows: list[Application], plans: list[generator.ApplicantPlan]) -> None:
    ContentLink.objects.bulk_create(
        (
            ContentLink(application_id=a.pk, url=url, position=n)
            for a, p in zip(rows, plans, strict=True)
            for n, url in enumerate(p.content_links, start=1)
        ),
        batch_size=BATCH,
    )
    contents = _file_contents()
    content_types = {"png": "image/png", "pdf": "application/pdf"}
    # The FileField saves each file through the default storage as the row is inserted,
    # under a random name (private_upload_path); the name given here is only kept as
    # the original name.
    stored = []
    for a, p in zip(rows, plans, strict=True):
        for n, f in enumerate(p.files):
            variants = contents[f.kind, f.format]
            data = variants[(a.pk + n) % len(variants)]
            stored.append(PortfolioFile(
                application_id=a.pk, kind=f.kind, file=ContentFile(data, name=f.original_name),
                original_name=f.original_name, content_type=content_types[f.format], size=len(data),
            ))
    PortfolioFile.objects.bulk_create(stored, batch_size=BATCH)


def _consents_insert(*, rows: list[Application], plans: list[generator.ApplicantPlan]) -> int:
    """Consent to processing for everyone (registration records it), to publication for
    those who agreed on submitting; with the address and browser they used. Never dated
    before the text itself was published."""
    processing = consent_document_current(kind=ConsentDocument.Kind.PROCESSING)
    publication = consent_document_current(kind=ConsentDocument.Kind.PUBLICATION)

    def consents():
        for a, p in zip(rows, plans, strict=True):
            evidence = {
                "user_id": a.applicant_id, "ip_address": p.consent_ip, "user_agent": p.consent_user_agent,
            }
            if processing is not None:
                given_at = max(p.created_at, processing.published_at)
                yield Consent(document=processing, given_at=given_at, **evidence)
            if publication is not None and p.publication_consent:
                given_at = max(p.submitted_at, publication.published_at)
                yield Consent(document=publication, given_at=given_at, **evidence)

    return len(Consent.objects.bulk_create(consents(), batch_size=BATCH))


@transaction.atomic
def demo_accounts_create() -> list[tuple[str, str, str]]:
    """One login per role on the demo domain, with a known password; running it again
    resets them to the same state. Returns (role, email, password) rows to print.

    Each account is reset to a plain confirmed login with no role, then given its role
    through the accounts service, like any other person."""
    _demo_data_allowed_check()
    roles = [account[0] for account in DEMO_ACCOUNTS]
    present = set(Group.objects.filter(name__in=roles).values_list("name", flat=True))
    if missing := [str(role) for role in roles if role not in present]:
        raise DemoSeedError(
            _("Нет групп ролей: %(roles)s. Выполните migrate.") % {"roles": ", ".join(missing)}
        )
    curated = Direction.objects.filter(code=CURATOR_DIRECTION).first()
    if curated is None:
        raise DemoSeedError(_("Нет справочников регионов и направлений. Выполните migrate."))
    now = timezone.now()
    logins = []
    for role, word, first_name, last_name in DEMO_ACCOUNTS:
        email = f"{word}@{DEMO_DOMAIN}"
        password = f"demo-{word}-2026"
        fields = {
            "first_name": first_name,
            "last_name": last_name,
            "is_active": True,
            "is_staff": False,
            "is_superuser": False,
            "curated_direction": None,
        }
        # create_defaults replaces defaults on creation rather than adding to them.
        user, _created = User.objects.update_or_create(
            email=email, defaults=fields, create_defaults={**fields, "email_confirmed_at": now}
        )
        if user.email_confirmed_at is None:
            user.email_confirmed_at = now
        user.set_password(password)
        user.save(update_fields=["password", "email_confirmed_at"])
        user.groups.clear()
        user_role_grant(
            user=user,
            role=role,
            direction=curated if role == Role.MINISTRY_CURATOR else None,
            granted_by=None,
        )
        logins.append((str(role.label), email, password))
    return logins
