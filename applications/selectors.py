"""Reads of applications shared by pages, the admin and tasks."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from applications.models import (
    Application,
    ApplicationDirection,
    ApplicationStatus,
    PortfolioFile,
    ReviewAssignment,
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


def user_is_organizer(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or user.has_role(Role.ORGANIZER)
    )


def application_visible_to(*, user) -> QuerySet[Application]:
    """The applications ``user`` may see: organizers all of them, an expert those
    assigned to them, anyone their own. The one visibility rule for pages, files and API."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Application.objects.none()
    if user_is_organizer(user):
        return Application.objects.all()
    visible = Q(applicant=user)
    if user.has_role(Role.EXPERT):
        visible |= Q(pk__in=ReviewAssignment.objects.filter(expert=user).values("application_id"))
    return Application.objects.filter(visible)


def portfolio_file_for_viewer(*, file_id: int, user) -> PortfolioFile:
    """The file if ``user`` may download it (see application_visible_to); raises
    PortfolioFile.DoesNotExist otherwise, so a stranger cannot tell it exists."""
    return PortfolioFile.objects.select_related("application").get(
        pk=file_id, application__in=application_visible_to(user=user)
    )


def application_window(*, season: Season) -> Stage | None:
    """The season's application window (its "applications" stage), if it has one."""
    # all(): the stages season_current() prefetched, without another query.
    return next((stage for stage in season.stages.all() if stage.kind == StageKind.APPLICATIONS), None)
