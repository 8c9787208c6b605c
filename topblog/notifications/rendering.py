"""Turning a template and a context into the words a person gets, in their language."""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.template import Context, Engine, Template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from topblog.notifications.defaults import TemplateTexts
from topblog.notifications.models import event_is_essential
from topblog.notifications.tokens import unsubscribe_url

# Templates edited in the admin get Django's built-in tags and filters plus ours, and no
# loaders: an edited template cannot include or extend files from the server.
ENGINE = Engine(builtins=["topblog.notifications.message_filters"])


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str


@lru_cache(maxsize=512)
def _compiled(source: str) -> Template:
    # Keyed by the source itself, so an edit in the admin is picked up without invalidation.
    return ENGINE.from_string(source)


def template_check(source: str) -> None:
    """Raise TemplateSyntaxError if ``source`` does not compile."""
    _compiled(source)


def recipient_language(language: str) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def message_context(
    *, event: str, context: dict[str, Any], recipient_id: int, recipient_email: str, email: bool = True
) -> dict:
    """The sender's context plus what every template may use. Links given as paths become
    absolute, because mail is read outside the portal. Only mail carries an unsubscribe
    link: what it turns off is optional mail."""
    site_url = settings.NOTIFICATIONS_SITE_URL
    full = {
        key: site_url + value
        if key.endswith("_url") and isinstance(value, str) and value.startswith("/")
        else value
        for key, value in context.items()
    }
    full.update(recipient_email=recipient_email, site_url=site_url)
    full["unsubscribe_url"] = unsubscribe_url(recipient_id) if email and not event_is_essential(event) else ""
    return full


def message_render(*, texts: TemplateTexts, context: dict[str, Any]) -> RenderedMessage:
    """Subject and text unescaped, HTML autoescaped, all in the template's language."""
    with translation.override(texts.language):
        subject = _compiled(texts.subject).render(Context(context, autoescape=False))
        text = _compiled(texts.text).render(Context(context, autoescape=False))
        html = _compiled(texts.html).render(Context(context, autoescape=True))
    # A subject is one header line; a newline in it would start a new header.
    return RenderedMessage(subject=" ".join(subject.split()), text=text.strip(), html=html.strip())


def email_bodies(*, rendered: RenderedMessage, context: dict[str, Any], language: str) -> tuple[str, str]:
    """The plain and HTML parts of the mail: the message inside the portal's letterhead
    and footer, which carries the unsubscribe link for optional messages."""
    layout = {
        "subject": rendered.subject,
        "text": rendered.text,
        # Already rendered with autoescaping from the template's own HTML.
        "body": mark_safe(rendered.html),  # noqa: S308
        "language": language,
        "site_url": context["site_url"],
        "unsubscribe_url": context["unsubscribe_url"],
    }
    with translation.override(language):
        text = render_to_string("notifications/email/message.txt", layout)
        html = render_to_string("notifications/email/message.html", layout)
    return text, html
