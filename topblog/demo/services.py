"""Writes of the demo season: the current season with its calendar, the generated
applicants with their applications, portfolios and consents, and one login per role."""

import logging
import time
from collections import Counter
from dataclasses import dataclass
from statistics import median

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Count
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
from topblog.accounts.models import Role, User
from topblog.demo import generator, plans, review
from topblog.demo import rows as rows_module
from topblog.demo.applicants import demo_applicant_logins_create
from topblog.demo.final import FinalSummary, final_demo_delete, final_demo_seed
from topblog.demo.jury import JurySummary, jury_demo_delete, jury_seed
from topblog.demo.logins import DEMO_DOMAIN, demo_login_reset
from topblog.demo.programme import ProgrammeSummary, programme_demo_delete, programme_demo_seed
from topblog.demo.projects import ProjectsSummary, projects_demo_delete, projects_demo_seed
from topblog.demo.teams import TeamsSummary, teams_demo_delete, teams_demo_seed
from topblog.tracks.models import Direction, Region, Season, Stage, StageKind

logger = logging.getLogger(__name__)

DEFAULT_APPLICATIONS = 8500
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
# applicants are not, because an applicant's name lives on their application, and get one
# login per state they can be in (applicants.DEMO_APPLICANT_STATES).
DEMO_ACCOUNTS: tuple[tuple[Role, str, str, str], ...] = (
    (Role.ORGANIZER, "organizer", "Анна", "Соколова"),
    (Role.EXPERT, DEMO_EXPERT_WORD, "Дмитрий", "Орлов"),
    (Role.MINISTRY_CURATOR, "curator", "Елена", "Миронова"),
    (Role.MINISTRY_LEADERSHIP, "leadership", "Сергей", "Волков"),
)
CURATOR_DIRECTION = "culture"


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
    # The programme stage's part, once the season is at the programme or later.
    programme: ProgrammeSummary | None = None
    # The teams, once the season is at the team module or later.
    teams: TeamsSummary | None = None
    # The teams' media projects, at the refinement and the final.
    projects: ProjectsSummary | None = None
    # The final's agenda and presentations, and the jury's scores, at the final.
    final: FinalSummary | None = None
    jury: JurySummary | None = None


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
    6. From the programme on, the programme's data (``programme``): sessions, attendance,
       grades, certificates, finalists, and the trainee's and finalist's demo logins.
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
        users = rows_module.applicants_insert(plans)
        rows = rows_module.applications_insert(
            season=season, plans=plans, users=users,
            region_ids={code: pk for code, _population, pk in regions}, direction_ids=dict(directions),
        )
        rows_module.portfolios_insert(rows=rows, plans=plans)
        consents = rows_module.consents_insert(rows=rows, plans=plans)
        _statistics_refresh()
        _duplicates_flag(rows=rows, plans=plans)
        reviewed = review.review_demo_seed(
            season=season, stage=stage, now=now, seed=seed, calendar=calendar, rows=rows, plans=plans,
            demo_expert_email=f"{DEMO_EXPERT_WORD}@{DEMO_DOMAIN}",
        )
        flagged = Application.objects.filter(season=season, is_possible_duplicate=True).count()
        programme_summary = None
        if generator.STAGE_ORDER.index(stage) >= generator.STAGE_ORDER.index(StageKind.EDUCATION):
            programme_summary = programme_demo_seed(season=season, stage=stage, now=now, seed=seed)
        teams_summary = None
        if generator.STAGE_ORDER.index(stage) >= generator.STAGE_ORDER.index(StageKind.TEAM_MODULE):
            teams_summary = teams_demo_seed(season=season, now=now, seed=seed)
        # After the teams' seed: the projects take the season's teams as they are, the
        # final its teams and the jury their projects.
        projects_summary = projects_demo_seed(season=season, stage=stage, now=now, seed=seed)
        final_summary = jury_summary = None
        if stage == StageKind.FINAL:
            final_summary = final_demo_seed(season=season, now=now)
            jury_summary = jury_seed(season=season, now=now, seed=seed)
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
        programme=programme_summary,
        teams=teams_summary,
        projects=projects_summary,
        final=final_summary,
        jury=jury_summary,
    )
    logger.info("Demo season %s seeded: %s applications at stage %s in %.1f s",
                summary.season_number, summary.applications, stage, summary.seconds)
    return summary


def _demo_data_delete() -> None:
    # The stored files go once the rows are gone for good, not if the transaction fails.
    stored = list(PortfolioFile.objects.values_list("file", flat=True))
    transaction.on_commit(lambda: [default_storage.delete(name) for name in stored])
    jury_demo_delete()
    final_demo_delete()
    projects_demo_delete()
    teams_demo_delete()
    programme_demo_delete()
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


def _statistics_refresh() -> None:
    """Fresh planner statistics after the bulk load: without them SQLite looks a phone up
    through the season index (every application of the season) instead of the phone index."""
    if connection.vendor in ("sqlite", "postgresql"):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _duplicates_flag(*, rows: list[Application], plans: list[plans.ApplicantPlan]) -> None:
    """The generator only made the look-alike pairs; the intake service decides what is
    flagged and why. Flagging one side recomputes its partners as well, so an application
    already flagged by then needs no call of its own."""
    for row, plan in zip(rows, plans, strict=True):
        if plan.is_possible_duplicate and not Application.objects.filter(
            pk=row.pk, is_possible_duplicate=True
        ).exists():
            application_duplicates_flag(application_id=row.pk)


@transaction.atomic
def demo_accounts_create() -> list[tuple[str, str, str]]:
    """One login per staff role and one per state an applicant can be in this season
    (applicants.py), on the demo domain with known passwords; running it again resets
    them to the same state. Returns (who, email, password) rows to print."""
    _demo_data_allowed_check()
    present = set(Group.objects.filter(name__in=Role.values).values_list("name", flat=True))
    if missing := [str(role) for role in Role.values if role not in present]:
        raise DemoSeedError(
            _("Нет групп ролей: %(roles)s. Выполните migrate.") % {"roles": ", ".join(missing)}
        )
    curated = Direction.objects.filter(code=CURATOR_DIRECTION).first()
    if curated is None:
        raise DemoSeedError(_("Нет справочников регионов и направлений. Выполните migrate."))
    now = timezone.now()
    logins = []
    for role, word, first_name, last_name in DEMO_ACCOUNTS:
        user, password = demo_login_reset(
            word=word, role=role, now=now, first_name=first_name, last_name=last_name,
            direction=curated if role == Role.MINISTRY_CURATOR else None,
        )
        logins.append((str(role.label), user.email, password))
    return logins + demo_applicant_logins_create(now=now)
