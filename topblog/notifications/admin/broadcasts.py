"""Bulk sends in the admin: an event meant for everyone, its context checked against the
event's placeholders, an audience chosen on purpose, and the progress and errors of each."""

from django import forms
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.forms.fields import InvalidJSONInput
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from topblog.accounts.models import Role
from topblog.notifications import selectors, services
from topblog.notifications.admin.common import dated_csv_response, table
from topblog.notifications.defaults import sample_context
from topblog.notifications.models import BROADCAST_EVENTS, Broadcast, Event
from topblog.notifications.placeholders import broadcast_problems


class ContextField(forms.JSONField):
    """JSON typed in the admin: nesting past Python's recursion limit is a form error,
    and the page shows back what was typed."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except RecursionError as error:
            raise forms.ValidationError(_("Слишком глубокая вложенность JSON."), code="invalid") from error

    def bound_data(self, data, initial):
        try:
            return super().bound_data(data, initial)
        except RecursionError:
            return InvalidJSONInput(data)


class BroadcastForm(forms.ModelForm):
    """Only events meant for broadcasting, a context that fills exactly their
    placeholders, and an audience chosen on purpose: no default of everyone."""

    audience = forms.ChoiceField(
        label=_("кому"),
        choices=[("", _("— выберите —")), ("all", _("Всем активным пользователям")), *Role.choices],
    )
    # Not required: an empty context is refused with the names it lacks (clean below).
    context = ContextField(label=_("данные для шаблона"), initial=dict, required=False)

    class Meta:
        model = Broadcast
        fields = ("event", "occasion", "context")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "event" not in self.fields:  # a broadcast under way is shown read only
            return
        self.fields["event"].choices = [("", "---------")] + [
            (value, label) for value, label in Event.choices if value in BROADCAST_EVENTS
        ]
        self.fields["context"].help_text = " ".join(
            f"{Event(event).label}: {', '.join(sample_context(event)) or '—'}."
            for event in Event.values
            if event in BROADCAST_EVENTS
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("event") and "context" in cleaned:
            for problem in broadcast_problems(event=cleaned["event"], context=cleaned["context"]):
                self.add_error("context", problem)
        return cleaned


@admin.register(Broadcast)
class BroadcastAdmin(admin.ModelAdmin):
    form = BroadcastForm
    list_display = (
        *("event", "occasion", "created_at", "total", "fanned_out"),
        *("sent", "waiting", "retrying", "failed"),
    )
    list_filter = ("event",)
    search_fields = ("occasion",)
    actions = ("export_csv",)

    def get_queryset(self, request):
        return selectors.broadcasts_with_progress()

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("event", "occasion", "audience", "context")
        progress = ("total", "fanned_out", "sent", "waiting", "retrying", "failed", "errors")
        return ("event", "occasion", "context", *progress, "created_by", "created_at", "fanned_out_at")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.get_fields(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        # A broadcast under way cannot be edited: its messages are already written or queued.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj: Broadcast, form, change: bool) -> None:
        if change:
            return
        broadcast = services.broadcast_create(
            event=obj.event,
            recipients=selectors.broadcast_audience(role=form.cleaned_data["audience"]),
            context=obj.context,
            occasion=obj.occasion,
            created_by=request.user if not isinstance(request.user, AnonymousUser) else None,
        )
        obj.pk = broadcast.pk

    def _progress(self, obj: Broadcast) -> list[int]:
        return [obj.sent_count, obj.waiting_count, obj.retrying_count, obj.failed_count]

    @admin.display(description=_("отправлено"), ordering="sent_count")
    def sent(self, obj: Broadcast) -> int:
        return obj.sent_count

    @admin.display(description=_("в очереди"), ordering="waiting_count")
    def waiting(self, obj: Broadcast) -> int:
        return obj.waiting_count

    @admin.display(description=_("ждут повтора"), ordering="retrying_count")
    def retrying(self, obj: Broadcast) -> int:
        return obj.retrying_count

    @admin.display(description=_("ошибок"), ordering="failed_count")
    def failed(self, obj: Broadcast) -> int:
        return obj.failed_count

    @admin.display(description=_("ошибки отправки"))
    def errors(self, obj: Broadcast) -> str:
        found = selectors.broadcast_errors(broadcast_id=obj.pk)
        if not found:
            return "—"
        outbox = f"{reverse('admin:notifications_outboxmessage_changelist')}?broadcast__id__exact={obj.pk}"
        return format_html(
            '{}<p><a href="{}&amp;delivery=retrying">{}</a> · <a href="{}&amp;delivery=failed">{}</a></p>',
            table(
                [_("ошибка"), _("сообщений"), _("ждут повтора"), _("не отправлены")],
                [(e["last_error"], e["messages"], e["retrying"], e["failed"]) for e in found],
            ),
            outbox,
            _("Сообщения, ждущие повтора"),
            outbox,
            _("Неотправленные сообщения"),
        )

    @admin.action(description=_("Выгрузить в CSV"))
    def export_csv(self, request, queryset) -> StreamingHttpResponse:
        header = [
            *("id", "event", "occasion", "created_at", "total", "fanned_out"),
            *("sent", "waiting", "retrying", "failed"),
        ]
        rows = (
            [b.pk, b.event, b.occasion, b.created_at, b.total, b.fanned_out, *self._progress(b)]
            for b in queryset
        )
        return dated_csv_response("broadcasts", header, rows)
