"""Reads of the outbox shared by pages, the admin, tasks and other apps."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from topblog.accounts.models import Role, User
from topblog.notifications.defaults import TemplateTexts, shipped_templates
from topblog.notifications.models import (
    PORTAL_INBOX,
    Broadcast,
    MessageTemplate,
    NotificationPreference,
    OutboxMessage,
    OutboxState,
)
from topblog.notifications.placeholders import SECRET_EVENTS
from topblog.tracks.models import Stage, StageKind
from topblog.tracks.selectors import season_current

# Who hears about a stage before it starts, from the data the base apps hold. Organizers
# run every stage; participants of later stages (selected, finalists) are known only to
# the apps that come later, which send their own reminders with the same occasion.
STAGE_AUDIENCE_ROLES: dict[str, tuple[str, ...]] = {
    StageKind.APPLICATIONS: (Role.APPLICANT,),
    StageKind.PORTFOLIO_REVIEW: (Role.EXPERT,),
}


def message_templates_for(*, keys: set[tuple[str, str]]) -> dict[tuple[str, str], TemplateTexts]:
    """The texts for each (event, language): the admin's row, or the shipped default.
    An event with a secret always takes the shipped text, whatever a row says."""
    texts = {key: shipped_templates()[key] for key in keys if key in shipped_templates()}
    if keys:
        rows = MessageTemplate.objects.filter(
            event__in={event for event, _language in keys} - SECRET_EVENTS,
            language__in={language for _event, language in keys},
        )
        for row in rows:
            texts[row.event, row.language] = TemplateTexts(
                event=row.event, language=row.language, subject=row.subject, text=row.text, html=row.html
            )
    return texts


def portal_notifications(*, user: User) -> QuerySet[OutboxMessage]:
    """The person's notification centre, newest first."""
    return OutboxMessage.objects.filter(recipient=user, **PORTAL_INBOX).order_by("-sent_at", "-pk")


# The header of every signed-in page shows this count. Building the same ORM query anew
# costs ten times running it, so it is written once; the partial index
# notif_outbox_portal_inbox serves it. Only names from the model go into it, no input.
_UNREAD_SQL = (
    f"SELECT COUNT(*) FROM {OutboxMessage._meta.db_table} WHERE recipient_id = %s AND "  # noqa: S608
    + "".join(f"{OutboxMessage._meta.get_field(field).column} = %s AND " for field in PORTAL_INBOX)
    + "read_at IS NULL"
)


def portal_unread_count(*, user: User) -> int:
    """How many messages of the person's notification centre are unread; 0 for an
    anonymous visitor."""
    if not user.is_authenticated:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_UNREAD_SQL, [user.pk, *PORTAL_INBOX.values()])
        return cursor.fetchone()[0]


def request_unread_count(request: HttpRequest) -> int:
    """portal_unread_count of the requesting person, counted once per request however
    many templates and helpers of the page ask."""
    if not hasattr(request, "_unread_notification_count"):
        request._unread_notification_count = portal_unread_count(user=request.user)
    return request._unread_notification_count


# Where a message stands, as organizers tell it apart: a pending message that has failed
# before is waiting for its retry, not for its first try.
DELIVERY_STAGES: dict[str, dict] = {
    "waiting": {"state": OutboxState.PENDING, "attempts": 0},
    "retrying": {"state": OutboxState.PENDING, "attempts__gt": 0},
    "sending": {"state": OutboxState.SENDING},
    "sent": {"state": OutboxState.SENT},
    "failed": {"state": OutboxState.FAILED},
    "skipped": {"state": OutboxState.SKIPPED},
}


def delivery_stage(stage: str, *, through: str = "") -> Q:
    """The messages at ``stage`` of DELIVERY_STAGES, or a model's through its relation."""
    return Q(**{f"{through}{lookup}": value for lookup, value in DELIVERY_STAGES[stage].items()})


def broadcasts_with_progress() -> QuerySet[Broadcast]:
    """Broadcasts with their messages counted by delivery stage, for the organizers' list."""

    def count(*stages: str) -> Count:
        condition = Q()
        for stage in stages:
            condition |= delivery_stage(stage, through="messages__")
        return Count("messages", filter=condition)

    return Broadcast.objects.select_related("created_by").annotate(
        sent_count=count("sent"),
        waiting_count=count("waiting", "sending"),
        retrying_count=count("retrying"),
        failed_count=count("failed"),
    )


def broadcast_errors(*, broadcast_id: int, limit: int = 10) -> list[dict]:
    """The errors the broadcast's messages met, most frequent first: how many messages
    each, and how many of those still wait for a retry or failed for good."""
    return list(
        OutboxMessage.objects.filter(broadcast_id=broadcast_id)
        .exclude(last_error="")
        .exclude(state=OutboxState.SKIPPED)
        .values("last_error")
        .annotate(
            messages=Count("pk"),
            retrying=Count("pk", filter=delivery_stage("retrying")),
            failed=Count("pk", filter=delivery_stage("failed")),
        )
        .order_by("-messages", "last_error")[:limit]
    )


def broadcasts_stalled(*, before: datetime) -> list[int]:
    """Broadcasts whose fan-out has not moved since ``before``: its task was lost."""
    return list(
        Broadcast.objects.filter(fanned_out_at__isnull=True, updated_at__lt=before).values_list(
            "pk", flat=True
        )
    )


def broadcast_audience(*, role: str) -> QuerySet[User]:
    """Active people with ``role``, or everyone active for "all"."""
    people = get_user_model().objects.filter(is_active=True)
    return people if role == "all" else people.filter(groups__name=role)


@dataclass(frozen=True)
class StageReminder:
    stage: Stage
    days: int

    @property
    def occasion(self) -> str:
        # The start date is part of it: a stage moved to a new date is a new occasion.
        return f"stage-{self.stage.pk}-{self.stage.starts_at:%Y%m%dT%H%M}-{self.days}d"


def stage_reminders_due(*, now: datetime) -> list[StageReminder]:
    """Reminders of the current season's stages whose time has come. Each lead (7 days,
    1 day) has a window up to the next lead, so a reminder missed while the system was
    down is not sent once a later one is due."""
    season = season_current()
    if season is None:
        return []
    leads = sorted(settings.NOTIFICATIONS_STAGE_REMINDER_DAYS, reverse=True)
    due = []
    for stage in season.stages.all():
        for index, days in enumerate(leads):
            opens = stage.starts_at - timedelta(days=days)
            closes = (
                stage.starts_at - timedelta(days=leads[index + 1])
                if index + 1 < len(leads)
                else stage.starts_at
            )
            if opens <= now < closes:
                due.append(StageReminder(stage=stage, days=days))
    return due


def stage_audience_ids(*, stage: Stage) -> list[int]:
    roles = (Role.ORGANIZER, *STAGE_AUDIENCE_ROLES.get(stage.kind, ()))
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=roles)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


def email_optional_enabled(*, user: User) -> bool:
    preference = (
        NotificationPreference.objects.filter(user=user).values_list("email_optional", flat=True).first()
    )
    return True if preference is None else preference
