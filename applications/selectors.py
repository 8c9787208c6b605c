"""Reads of applications shared by pages, the admin and tasks."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from applications import rules
from applications.models import (
    Application,
    ApplicationDirection,
    ApplicationStatus,
    PortfolioFile,
    ReviewAssignment,
    StatusChange,
)
from topblog.accounts.models import Role
from topblog.tracks.models import Season, Stage, StageKind


def application_drafts_to_remind(*, now: datetime) -> tuple[Stage | None, QuerySet[Application]]:
    """The current season's application window, if it closes within the reminder lead
    (NOTIFICATIONS_DRAFT_REMINDER_DAYS) of ``now``, and the drafts still open in it."""
    lead = timedelta(days=settings.NOTIFICATIONS_DRAFT_REMINDER_DAYS)
    window = Stage.objects.filter(
        season__is_current=True, kind=StageKind.APPLICATIONS, ends_at__gt=now, ends_at__lte=now + lead
    ).first()
    if window is None:
        return None, Application.objects.none()
    drafts = Application.objects.filter(
        season_id=window.season_id, status=ApplicationStatus.DRAFT, applicant__is_active=True
    ).select_related("applicant")
    return window, drafts.order_by("pk")


def _with_children(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """An application with everything the form and the cabinet show, in a fixed number
    of queries however many rows it has."""
    return queryset.select_related("season", "region", "ministry_direction").prefetch_related(
        Prefetch("direction_choices", queryset=ApplicationDirection.objects.select_related("direction")),
        "social_accounts",
        "content_links",
        "ideas",
        "files",
    )


def application_of(*, user, season: Season) -> Application | None:
    """The person's application in ``season`` with its children prefetched, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return _with_children(Application.objects.filter(season=season, applicant=user)).first()


def user_may_apply(user) -> bool:
    """Only a person registered as an applicant applies; organizers and experts have
    their own part of the portal."""
    return user.has_role(Role.APPLICANT)


def user_is_organizer(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or user.has_role(Role.ORGANIZER)
    )


def application_visible_to(*, user) -> QuerySet[Application]:
    """The applications ``user`` may see: organizers all of them, an expert those
    assigned to them (while the assignment is active), anyone their own. The one
    visibility rule for pages, files and API."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Application.objects.none()
    if user_is_organizer(user):
        return Application.objects.all()
    visible = Q(applicant=user)
    if user.has_role(Role.EXPERT):
        assigned = ReviewAssignment.objects.filter(expert=user, cancelled_at__isnull=True)
        visible |= Q(pk__in=assigned.values("application_id"))
    return Application.objects.filter(visible)


def _sees_as_owner_or_organizer(user, application: Application) -> bool:
    return application.applicant_id == user.pk or user_is_organizer(user)


def portfolio_file_for_viewer(*, file_id: int, user) -> PortfolioFile:
    """The file if ``user`` may download it (see application_visible_to); an expert
    gets work files only, never a parent's consent, which is no part of the portfolio.
    Raises PortfolioFile.DoesNotExist otherwise, so a stranger cannot tell it exists."""
    portfolio = PortfolioFile.objects.select_related("application").get(
        pk=file_id, application__in=application_visible_to(user=user)
    )
    if portfolio.kind != PortfolioFile.Kind.WORK and not _sees_as_owner_or_organizer(
        user, portfolio.application
    ):
        raise PortfolioFile.DoesNotExist
    return portfolio


def blind_file_name(portfolio: PortfolioFile) -> str:
    """A name that says what the file is and nothing of whose it is: people name their
    files after themselves."""
    return rules.file_name_for(f"portfolio-{portfolio.pk}", portfolio.content_type)


def portfolio_file_download_name(*, portfolio: PortfolioFile, user) -> str:
    """The name ``user`` downloads the file under: the original one, except for an
    expert whose assignment is blind."""
    if _sees_as_owner_or_organizer(user, portfolio.application):
        return portfolio.original_name
    blind = ReviewAssignment.objects.filter(
        application_id=portfolio.application_id, expert=user, cancelled_at__isnull=True, blind=True
    ).exists()
    return blind_file_name(portfolio) if blind else portfolio.original_name


# --- the personal cabinet


@dataclass(frozen=True)
class CabinetState:
    """Where a person's application stands, and a fingerprint of everything of it the
    cabinet shows: the application's row and files, its status changes. The fingerprint
    changes whenever any of them does, so a rendering kept under it is current.
    ``stages_version`` moves whenever a stage of the season is saved, added or deleted."""

    application_id: int
    season_id: int
    status: str
    stages_version: str
    fingerprint: tuple


# A stage changed by save(), as the admin does, moves the version at once; one changed
# by a bulk update or by hand in SQL is read again after this long.
CABINET_STAGES_SECONDS = 60


def cabinet_stages_of(state: CabinetState) -> list[Stage]:
    """The stages of the application's season in date order, kept in this process's
    memory while the stages' version is unchanged."""
    key = f"cabinet-stages:{state.season_id}:{state.stages_version}"
    stages = caches["local"].get(key)
    if stages is None:
        stages = list(Stage.objects.filter(season_id=state.season_id).order_by("starts_at"))
        caches["local"].set(key, stages, CABINET_STAGES_SECONDS)
    return stages


# Every service that changes what the cabinet shows of an application moves its row
# (``version`` and ``updated_at`` on a draft save and a submission, the status and
# ``updated_at`` on a status change; the duplicate flags are not shown). The file services
# leave the row alone, hence the files' count and newest id (ids only grow); status
# changes are counted too, so history written by any path shows. The season's stages are
# versioned by their number and newest ``updated_at``. Every signed-in applicant's cabinet
# starts with this query, and Django would compile its ORM form anew on each visit at
# several times the cost of running it. Only names from the models go into it, no input.
_CABINET_STATE_SQL = """
    SELECT a.id, a.season_id, a.status,
        (SELECT COUNT(*) FROM {stages} st WHERE st.season_id = a.season_id),
        (SELECT MAX(st.updated_at) FROM {stages} st WHERE st.season_id = a.season_id),
        a.applicant_id, a.version, a.updated_at, a.submitted_at,
        (SELECT COUNT(*) FROM {files} c WHERE c.application_id = a.id),
        (SELECT MAX(c.id) FROM {files} c WHERE c.application_id = a.id),
        (SELECT COUNT(*) FROM {changes} c WHERE c.application_id = a.id),
        (SELECT MAX(c.id) FROM {changes} c WHERE c.application_id = a.id)
    FROM {applications} a JOIN {seasons} s ON s.id = a.season_id
    WHERE s.is_current = %s AND a.applicant_id = %s
""".format(  # noqa: S608, UP032 (the names read better in the SQL than expressions would)
    files=PortfolioFile._meta.db_table,
    changes=StatusChange._meta.db_table,
    stages=Stage._meta.db_table,
    applications=Application._meta.db_table,
    seasons=Season._meta.db_table,
)


def cabinet_state(*, user) -> CabinetState | None:
    """The person's application in the current season as CabinetState, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    with connection.cursor() as cursor:
        cursor.execute(_CABINET_STATE_SQL, [True, user.pk])
        row = cursor.fetchone()
    if row is None:
        return None
    application_id, season_id, status, stages_count, stages_changed = row[:5]
    # The values only go into keys: the database's own form of a date is as good as any.
    stages_version = hashlib.sha256(f"{stages_count}|{stages_changed}".encode()).hexdigest()
    return CabinetState(
        application_id=application_id,
        season_id=season_id,
        status=status,
        stages_version=stages_version,
        fingerprint=row[5:],
    )


def cabinet_application_full(*, application_id: int) -> Application:
    """The application with everything the cabinet shows of it as submitted."""
    return _with_children(Application.objects.all()).get(pk=application_id)


def application_history(application: Application) -> list[StatusChange]:
    """The application's status changes, oldest first."""
    return list(StatusChange.objects.filter(application_id=application.pk).order_by("changed_at", "pk"))
