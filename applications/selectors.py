"""Reads of applications shared by pages, the admin and tasks."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from applications.models import (
    Application,
    ApplicationDirection,
    ApplicationStatus,
    ContentLink,
    MediaProjectIdea,
    PortfolioFile,
    ReviewAssignment,
    SocialAccount,
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


# --- the personal cabinet


def cabinet_stages() -> list[Stage]:
    """The current season's stages in date order (none between seasons), in one query."""
    return list(Stage.objects.filter(season__is_current=True).order_by("starts_at"))


def _count_and_last(model) -> dict[str, RawSQL]:
    """How many rows of ``model`` the application has and the newest one's id, as
    ``<model>_count`` and ``<model>_last``. Written as SQL because Django compiles a
    Subquery() anew on every request, at about a millisecond each, on the page every
    applicant opens; only table names from the models go into it, no input."""
    table, prefix = model._meta.db_table, model._meta.model_name
    where = f"WHERE c.application_id = {Application._meta.db_table}.id"
    return {
        f"{prefix}_count": RawSQL(f"SELECT COUNT(*) FROM {table} c {where}", ()),  # noqa: S608, S611
        f"{prefix}_last": RawSQL(f"SELECT MAX(c.id) FROM {table} c {where}", ()),  # noqa: S608, S611
    }


# What the cabinet needs of the application to tell whether its cached rendering is
# current: every service that changes what the cabinet shows changes one of these
# (``version`` and ``updated_at`` on a draft save and a submission, the status and
# ``updated_at`` on a status change; the duplicate flags are not shown). The file services
# leave the row alone, hence the files' count and newest id; status changes are counted
# too, so history written by any path shows.
CABINET_KEY_FIELDS = ("id", "applicant_id", "status", "version", "updated_at", "submitted_at")


def cabinet_application(*, user) -> Application | None:
    """The person's application in the current season with only CABINET_KEY_FIELDS
    loaded, annotated with ``portfoliofile_count``, ``portfoliofile_last``,
    ``statuschange_count`` and ``statuschange_last`` (ids only grow); or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    found = (
        Application.objects.filter(season__is_current=True, applicant=user)
        .only(*CABINET_KEY_FIELDS)
        .annotate(**_count_and_last(PortfolioFile), **_count_and_last(StatusChange))
        .order_by()[:1]
    )
    return next(iter(found), None)


def cabinet_application_full(*, application_id: int) -> Application:
    """The application with everything the cabinet shows of it as submitted, in a
    query per kind of child however many rows it has. The children are ordered within
    the one application: their Meta.ordering starts with "application", which Django
    would expand to Application's own ordering through a JOIN."""
    return (
        Application.objects.select_related("region", "ministry_direction")
        .prefetch_related(
            Prefetch(
                "direction_choices",
                queryset=ApplicationDirection.objects.select_related("direction").order_by("rank"),
            ),
            Prefetch("social_accounts", queryset=SocialAccount.objects.order_by("-followers", "pk")),
            Prefetch("content_links", queryset=ContentLink.objects.order_by("position", "pk")),
            Prefetch("ideas", queryset=MediaProjectIdea.objects.order_by("position", "pk")),
            Prefetch("files", queryset=PortfolioFile.objects.order_by("kind", "uploaded_at", "pk")),
        )
        .get(pk=application_id)
    )


def cabinet_history(application: Application) -> list[StatusChange]:
    """The application's status changes, oldest first."""
    return list(StatusChange.objects.filter(application_id=application.pk).order_by("changed_at", "pk"))
