"""Message templates in the admin: edit the words of an event, see the placeholders it
may use, preview the mail and restore the shipped texts."""

from csp.decorators import csp_update
from django import forms
from django.contrib import admin, messages
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from topblog.notifications import services
from topblog.notifications.defaults import TemplateTexts, sample_context
from topblog.notifications.models import MessageTemplate, event_is_essential
from topblog.notifications.placeholders import SECRET_EVENTS, secret_placeholders, template_problems
from topblog.notifications.rendering import email_bodies, message_context, message_render
from topblog.notifications.tokens import unsubscribe_url


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
