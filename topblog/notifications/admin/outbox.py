"""The outbox in the admin: organizers watch deliveries, see retries and errors, resend
what failed and download the list. Every change goes through services."""

import json

from django.conf import settings
from django.contrib import admin, messages
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from topblog.notifications import services
from topblog.notifications.admin.common import dated_csv_response, table
from topblog.notifications.admin_filters import DeliveryStageFilter
from topblog.notifications.models import OutboxMessage, OutboxState


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "created_at",
        "event",
        "channel",
        "recipient_email",
        "delivery",
        "attempts",
        "sent_at",
        "error",
    )
    list_filter = (DeliveryStageFilter, "event", "channel", "broadcast")
    # Counts by state (and event, channel) beside each filter choice.
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ("recipient__email", "occasion")
    list_select_related = ("recipient",)
    actions = ("resend_failed", "export_csv")
    list_per_page = 100
    readonly_fields = (
        *("event", "occasion", "channel", "recipient", "context_shown", "idempotency_key", "broadcast"),
        *("delivery", "attempts", "last_error", "history", "created_at", "due_at", "claimed_at"),
        *("lease_until", "sent_at", "subject", "body_shown", "read_at"),
    )
    exclude = ("context", "body", "state")

    def has_add_permission(self, request) -> bool:
        # Messages are written by the services only; the admin watches and resends.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("получатель"), ordering="recipient__email")
    def recipient_email(self, obj: OutboxMessage) -> str:
        return obj.recipient.email

    # What the outbox keeps holds no secret (topblog.notifications.placeholders): a link
    # that opens an account is made at delivery and replaced in the stored copy.
    @admin.display(description=_("данные для шаблона"))
    def context_shown(self, obj: OutboxMessage) -> str:
        return json.dumps(obj.context, ensure_ascii=False, indent=2)

    @admin.display(description=_("текст"))
    def body_shown(self, obj: OutboxMessage) -> str:
        return obj.body

    @admin.display(description=_("состояние"), ordering="state")
    def delivery(self, obj: OutboxMessage) -> str:
        if obj.state == OutboxState.PENDING and obj.attempts:
            return _("Повтор: попытка %(next)d из %(limit)d, не раньше %(due)s") % {
                "next": obj.attempts + 1,
                "limit": settings.NOTIFICATIONS_MAX_ATTEMPTS,
                "due": date_format(timezone.localtime(obj.due_at), "SHORT_DATETIME_FORMAT"),
            }
        return obj.get_state_display()

    @admin.display(description=_("последняя ошибка"))
    def error(self, obj: OutboxMessage) -> str:
        return obj.last_error[:80]

    @admin.display(description=_("неудачные попытки"))
    def history(self, obj: OutboxMessage) -> str:
        return table(
            [_("попытка"), _("закончена"), _("итог"), _("ошибка")],
            [
                (
                    a.number,
                    date_format(timezone.localtime(a.finished_at), "DATETIME_FORMAT"),
                    a.get_outcome_display(),
                    a.error,
                )
                for a in obj.failed_attempts.all()
            ],
        )

    @admin.action(description=_("Отправить заново неотправленные (с ошибкой)"), permissions=["change"])
    def resend_failed(self, request, queryset) -> None:
        count = services.outbox_messages_resend(message_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(count)d сообщение снова в очереди.", "%(count)d сообщений снова в очереди.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Выгрузить в CSV"))
    def export_csv(self, request, queryset) -> StreamingHttpResponse:
        columns = (
            "pk",
            "created_at",
            "event",
            "occasion",
            "channel",
            "recipient__email",
            "state",
            "attempts",
        )
        rows = queryset.values_list(*columns, "sent_at", "last_error")
        header = [
            "id",
            "created_at",
            "event",
            "occasion",
            "channel",
            "recipient",
            "state",
            "attempts",
            "sent_at",
            "error",
        ]
        return dated_csv_response("outbox", header, rows.iterator())
