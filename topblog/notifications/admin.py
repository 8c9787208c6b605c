"""Organizers watch the outbox, resend what failed, edit and preview message templates
and start bulk sends here. Every change goes through services."""

import csv
import json

from csp.decorators import csp_update
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.models import AnonymousUser
from django.forms.fields import InvalidJSONInput
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from topblog.accounts.models import Role
from topblog.notifications import selectors, services
from topblog.notifications.admin_filters import DeliveryStageFilter
from topblog.notifications.defaults import TemplateTexts, sample_context
from topblog.notifications.models import (
    BROADCAST_EVENTS,
    Broadcast,
    Event,
    MessageTemplate,
    NotificationPreference,
    OutboxMessage,
    OutboxState,
    event_is_essential,
)
from topblog.notifications.placeholders import (
    SECRET_EVENTS,
    broadcast_problems,
    secret_placeholders,
    template_problems,
)
from topblog.notifications.rendering import email_bodies, message_context, message_render
from topblog.notifications.tokens import unsubscribe_url


def _csv_response(name: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.csv"'
    # A byte-order mark, so that Excel opens the Cyrillic text as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def _table(header: list, rows: list[tuple]) -> str:
    """A small read-only table on an admin page; a dash when there is nothing to show."""
    if not rows:
        return "—"
    return format_html(
        "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
        format_html_join("", "<th>{}</th>", ((title,) for title in header)),
        format_html_join(
            "",
            "<tr>{}</tr>",
            ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in rows),
        ),
    )


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
        return _table(
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
    def export_csv(self, request, queryset) -> HttpResponse:
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
        return _csv_response("outbox", header, rows.iterator())


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ("subject", "text", "html")
        widgets = {"text": forms.Textarea(attrs={"rows": 14}), "html": forms.Textarea(attrs={"rows": 14})}

    def clean(self) -> dict:
        """Each part must compile, name only what its event gives it, and keep secrets
        out of the subject (topblog.notifications.placeholders)."""
        cleaned = super().clean()
        parts = {field: cleaned.get(field) or "" for field in ("subject", "text", "html")}
        for field, problem in template_problems(event=self.instance.event, **parts).items():
            if field not in self.errors:
                self.add_error(field, problem)
        return cleaned


def _sample_message_context(obj: MessageTemplate) -> dict:
    """What the template gets in a mail, filled with the event's sample data; the sample
    secrets are made up, never a real link."""
    sample = sample_context(obj.event)
    context = message_context(
        event=obj.event, context=sample, recipient_id=0, recipient_email="ivanova@example.com", email=False
    )
    context["unsubscribe_url"] = "" if event_is_essential(obj.event) else unsubscribe_url(0)
    context.update({name: sample[name] for name in secret_placeholders(obj.event) if name in sample})
    return context


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    form = MessageTemplateForm
    list_display = ("event", "language", "subject", "is_essential", "updated_at")
    list_filter = ("language", "event")
    search_fields = ("subject", "text")
    readonly_fields = ("event", "language", "placeholders", "editable_note", "preview")
    fields = ("event", "language", "placeholders", "editable_note", "subject", "text", "html", "preview")
    actions = ("restore_shipped",)

    class Media:
        css = {"all": ["css/admin-message-preview.css"]}

    # The preview frame shows the mail with its own <style>, and a srcdoc frame takes the
    # page's policy: inline style is allowed on this page only (no script, ever).
    @method_decorator(csp_update({"style-src": ["'unsafe-inline'"]}))
    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request) -> bool:
        # One row per event and language, created from the shipped texts by a migration.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # A mail whose link opens an account keeps its shipped words: an edited HTML could
        # send the link elsewhere (an image, a style) before the recipient reads it.
        if obj is not None and obj.event in SECRET_EVENTS:
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=_("обязательное"), boolean=True)
    def is_essential(self, obj: MessageTemplate) -> bool:
        return obj.is_essential

    @admin.display(description=_("данные для шаблона (пример)"))
    def placeholders(self, obj: MessageTemplate) -> str:
        names = [*sample_context(obj.event), "recipient_email", "site_url"]
        return ", ".join(f"{{{{ {name} }}}}" for name in names)

    @admin.display(description=_("правка"))
    def editable_note(self, obj: MessageTemplate) -> str:
        if obj.event in SECRET_EVENTS:
            return _(
                "Ссылка в этом письме открывает учётную запись: она есть только в письме получателю, "
                "а шаблон не редактируется."
            )
        return _("Тема и текст редактируются; в шаблоне можно использовать только данные выше.")

    @admin.display(description=_("предпросмотр сохранённого шаблона"))
    def preview(self, obj: MessageTemplate) -> str:
        texts = TemplateTexts(
            event=obj.event, language=obj.language, subject=obj.subject, text=obj.text, html=obj.html
        )
        context = _sample_message_context(obj)
        try:
            rendered = message_render(texts=texts, context=context)
        except Exception as error:
            # Whatever the template raises is what the organizer needs to see.
            return format_html('<p class="errornote">{}</p>', error)
        text, html = email_bodies(rendered=rendered, context=context, language=obj.language)
        # The HTML part in a sandboxed frame: its styles must not leak into the admin.
        return format_html(
            '<p><strong>{}</strong></p><pre class="message-preview-text">{}</pre>'
            '<iframe title="HTML" sandbox srcdoc="{}" class="message-preview-html"></iframe>',
            rendered.subject,
            text,
            html,
        )

    @admin.action(description=_("Вернуть исходный текст"), permissions=["change"])
    def restore_shipped(self, request, queryset) -> None:
        count = services.message_templates_restore(template_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request, _("Восстановлено шаблонов: %(count)d") % {"count": count}, messages.SUCCESS
        )


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
            _table(
                [_("ошибка"), _("сообщений"), _("ждут повтора"), _("не отправлены")],
                [(e["last_error"], e["messages"], e["retrying"], e["failed"]) for e in found],
            ),
            outbox,
            _("Сообщения, ждущие повтора"),
            outbox,
            _("Неотправленные сообщения"),
        )

    @admin.action(description=_("Выгрузить в CSV"))
    def export_csv(self, request, queryset) -> HttpResponse:
        header = [
            *("id", "event", "occasion", "created_at", "total", "fanned_out"),
            *("sent", "waiting", "retrying", "failed"),
        ]
        rows = (
            [b.pk, b.event, b.occasion, b.created_at, b.total, b.fanned_out, *self._progress(b)]
            for b in queryset
        )
        return _csv_response("broadcasts", header, rows)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "email_optional", "updated_at")
    list_filter = ("email_optional",)
    search_fields = ("user__email",)
    list_select_related = ("user",)
    readonly_fields = ("user", "email_optional", "updated_at")

    def has_add_permission(self, request) -> bool:
        # A person's choice: made by them through the portal or the unsubscribe link.
        return False
