"""List filters of the notifications admin."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from topblog.notifications import selectors
from topblog.notifications.models import OutboxState


class DeliveryStageFilter(admin.SimpleListFilter):
    """The state, with a message waiting for its retry told apart from one waiting for
    its first try: in a mail server's outage organizers see how many are retrying."""

    title = _("состояние")
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [
            ("waiting", _("Ожидает отправки")),
            ("retrying", _("Ожидает повтора после ошибки")),
            ("sending", OutboxState.SENDING.label),
            ("sent", OutboxState.SENT.label),
            ("failed", OutboxState.FAILED.label),
            ("skipped", OutboxState.SKIPPED.label),
        ]

    def queryset(self, request, queryset):
        if self.value() in selectors.DELIVERY_STAGES:
            return queryset.filter(selectors.delivery_stage(self.value()))
        return None

    def get_facet_counts(self, pk_attname, filtered_qs):
        # One count per stage over the listed rows, not a subquery per choice.
        return {
            f"{index}__c": Count(pk_attname, filter=selectors.delivery_stage(stage))
            for index, (stage, _label) in enumerate(self.lookup_choices)
        }
