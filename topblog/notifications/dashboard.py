"""The notification outbox on the organizers' dashboard (``topblog.dashboard``): per
channel, what waits to be sent and for how long, what went out and what failed in the
last day. Registered in ``NotificationsConfig.ready()``; one aggregate query."""

from datetime import timedelta

from django.db.models import Count, Min, Q
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from topblog.dashboard.figures import Contribution, Section, Table
from topblog.dashboard.registry import ORGANIZERS_ONLY, Provider, Scope
from topblog.notifications.models import Channel, OutboxMessage, OutboxState

# Every state but these is a message still on its way (pending, being sent, or any
# retrying state delivery may add), so a new state counts as waiting without an edit here.
DONE_STATES = frozenset({OutboxState.SENT, OutboxState.FAILED, OutboxState.SKIPPED})
DAY = timedelta(days=1)


def outbox_collect(scope: Scope) -> Contribution:
    """Waiting now (and the oldest's wait), sent in the last 24 hours, failed in them (a
    failed message's last attempt was due then) and failed in all, by channel."""
    since = scope.now - DAY
    waiting = ~Q(state__in=DONE_STATES)
    failed = Q(state=OutboxState.FAILED)
    groups = {
        group["channel"]: group
        for group in OutboxMessage.objects.filter(waiting | failed | Q(sent_at__gte=since))
        .values("channel")
        .annotate(
            waiting=Count("pk", filter=waiting),
            oldest=Min("created_at", filter=waiting),
            sent=Count("pk", filter=Q(state=OutboxState.SENT, sent_at__gte=since)),
            failed_day=Count("pk", filter=failed & Q(due_at__gte=since)),
            failed=Count("pk", filter=failed),
        )
        .order_by()
    }
    rows = []
    for channel in Channel:
        group = groups.get(channel.value, {})
        oldest = group.get("oldest")
        rows.append((
            str(channel.label), group.get("waiting", 0), timesince(oldest, scope.now) if oldest else None,
            group.get("sent", 0), group.get("failed_day", 0), group.get("failed", 0),
        ))
    table = Table(
        key="outbox",
        caption=_("Исходящие сообщения по каналам"),
        columns=(_("Канал"), _("Ждут отправки"), _("Самое давнее ждёт"), _("Отправлено за сутки"),
                 _("Ошибок за сутки"), _("Ошибок всего")),
        rows=tuple(rows),
    )
    return Contribution(sections=(Section(
        key="outbox", position=900, title=_("Уведомления"), tables=(table,),
        intro=_("Сообщения с ошибкой ждут, пока организатор не отправит их снова из списка исходящих."),
    ),))


PROVIDER = Provider(key="notifications-outbox", audiences=ORGANIZERS_ONLY, collect=outbox_collect)
