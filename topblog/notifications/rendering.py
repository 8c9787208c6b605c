"""Turning a template and a context into the words a person gets, in their language."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template import Context
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from topblog.notifications.defaults import TemplateTexts
from topblog.notifications.engine import compiled
from topblog.notifications.models import event_is_essential
from topblog.notifications.placeholders import event_placeholders, secret_context, secret_placeholders
from topblog.notifications.tokens import unsubscribe_url


@dataclass(frozen=True)
class RenderedMessage:
    """``subject``, ``text`` and ``html`` are what is kept and shown (the outbox row, the
    notification centre, the data export): a secret in them is replaced. ``mail_text``
    and ``mail_html`` are what the recipient's mail carries, secrets included."""

    subject: str
    text: str
    html: str
    mail_text: str
    mail_html: str


def template_check(source: str) -> None:
    """Raise TemplateSyntaxError if ``source`` does not compile."""
    compiled(source)


def recipient_language(language: str) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def message_context(
    *, event: str, context: dict[str, Any], recipient_id: int, recipient_email: str, email: bool = True
) -> dict:
    """The sender's context plus what every template may use. Links given as paths become
    absolute, because mail is read outside the portal. Only mail carries an unsubscribe
    link (what it turns off is optional mail) and the event's secrets, made now."""
    site_url = settings.NOTIFICATIONS_SITE_URL
    full = {
        key: site_url + value
        if key.endswith("_url") and isinstance(value, str) and value.startswith("/")
        else value
        for key, value in context.items()
        # A secret in a stored context is never used: the one made now is.
        if key not in secret_placeholders(event)
    }
    full.update(recipient_email=recipient_email, site_url=site_url)
    full["unsubscribe_url"] = unsubscribe_url(recipient_id) if email and not event_is_essential(event) else ""
    if email:
        secrets = secret_context(event=event, recipient_id=recipient_id)
        full.update({name: site_url + path for name, path in secrets.items()})
    return full


def _render(source: str, context: dict, *, autoescape: bool) -> str:
    return compiled(source).render(Context(context, autoescape=autoescape))


def message_render(*, texts: TemplateTexts, context: dict[str, Any]) -> RenderedMessage:
    """Subject and text unescaped, HTML autoescaped, all in the template's language. A
    template gets only its event's placeholders; the subject never gets a secret, and the
    kept copy gets each secret replaced by a note."""
    allowed = event_placeholders(texts.event)
    secrets = secret_placeholders(texts.event)
    public = {name: value for name, value in context.items() if name in allowed and name not in secrets}
    with translation.override(texts.language):
        # A subject is one header line; a newline in it would start a new header.
        subject = " ".join(_render(texts.subject, public, autoescape=False).split())
        for_mail = {**public, **{name: context[name] for name in secrets if name in context}}
        mail_text = _render(texts.text, for_mail, autoescape=False)
        mail_html = _render(texts.html, for_mail, autoescape=True)
        if secrets:
            hidden = {**public, **{name: _("[ссылка скрыта]") for name in secrets}}
            text = _render(texts.text, hidden, autoescape=False)
            html = _render(texts.html, hidden, autoescape=True)
        else:
            text, html = mail_text, mail_html
    return RenderedMessage(
        subject=subject,
        text=text.strip(),
        html=html.strip(),
        mail_text=mail_text.strip(),
        mail_html=mail_html.strip(),
    )


def email_bodies(*, rendered: RenderedMessage, context: dict[str, Any], language: str) -> tuple[str, str]:
    """The plain and HTML parts of the mail: the message inside the portal's letterhead
    and footer, which carries the unsubscribe link for optional messages."""
    layout = {
        "subject": rendered.subject,
        "text": rendered.mail_text,
        # Already rendered with autoescaping from the template's own HTML.
        "body": mark_safe(rendered.mail_html),  # noqa: S308
        "language": language,
        "site_url": context["site_url"],
        "unsubscribe_url": context["unsubscribe_url"],
    }
    with translation.override(language):
        text = render_to_string("notifications/email/message.txt", layout)
        html = render_to_string("notifications/email/message.html", layout)
    return text, html
