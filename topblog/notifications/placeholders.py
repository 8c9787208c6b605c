"""What a message template may name, and the secrets no one but the recipient may see.

Each event's placeholders are the names its sample context lists (samples.toml), plus
``recipient_email`` and ``site_url``, which the outbox adds to every message. Rendering
hands a template only these names, so a template edited in the admin cannot reach
anything else; the admin refuses to save one that names anything else.

Some events carry a secret: a link that opens an account to whoever holds it (the email
confirmation, the password reset, an expert's or a juror's invitation). Its value is
never written to the outbox: the app that owns it makes it at delivery
(``register_secret_source``), it goes only into the mail's text and HTML sent to the
recipient, and everything kept or shown (the subject, the stored copy organizers and the
person's data export read) is rendered with the secret replaced. Templates of these
events are the shipped ones, never editable: their HTML could otherwise send the link
anywhere (an image, a style) before the recipient reads it.
"""

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from django.conf import settings
from django.template import Node, NodeList, TemplateSyntaxError
from django.template.base import Variable
from django.template.defaulttags import DebugNode, FilterNode
from django.utils.translation import gettext as _

from topblog.notifications.defaults import sample_contexts
from topblog.notifications.engine import compiled
from topblog.notifications.models import BROADCAST_EVENTS, Event
from topblog.tracks.models import StageKind

# The longest value of a broadcast's placeholder, and of its numbers.
BROADCAST_TEXT_MAX_LENGTH = 500
BROADCAST_NUMBER_MAX = 10_000

COMMON_PLACEHOLDERS = frozenset({"recipient_email", "site_url"})

SECRET_PLACEHOLDERS: dict[str, frozenset[str]] = {
    Event.ACCOUNT_CONFIRM_EMAIL: frozenset({"confirm_url"}),
    Event.PASSWORD_RESET: frozenset({"reset_url"}),
    Event.EXPERT_INVITATION: frozenset({"invitation_url"}),
    Event.JURY_INVITATION: frozenset({"invitation_url"}),
}
# Their templates are the shipped texts: not editable in the admin, and delivery
# ignores a stored row.
SECRET_EVENTS = frozenset(SECRET_PLACEHOLDERS)

SecretSource = Callable[[int], dict[str, str]]
_secret_sources: dict[str, SecretSource] = {}


def register_secret_source(event: str, source: SecretSource) -> None:
    """The function that makes ``event``'s secrets for a recipient id at delivery; the
    app that owns the secret registers it from its AppConfig.ready()."""
    existing = _secret_sources.get(event)
    if existing is not None and existing is not source:
        raise ValueError(f"A secret source for {event!r} is already registered.")
    _secret_sources[event] = source


def secret_sources_missing() -> list[str]:
    return [event for event in SECRET_EVENTS if event not in _secret_sources]


def secret_context(*, event: str, recipient_id: int) -> dict[str, str]:
    """The event's secrets for the recipient, made now; empty for an event without any."""
    names = SECRET_PLACEHOLDERS.get(event)
    if not names:
        return {}
    secrets = _secret_sources[event](recipient_id)
    return {name: secrets[name] for name in names}


def event_placeholders(event: str) -> frozenset[str]:
    """Every name a template of ``event`` may use."""
    return frozenset(sample_contexts().get(event, {})) | COMMON_PLACEHOLDERS


def secret_placeholders(event: str) -> frozenset[str]:
    return SECRET_PLACEHOLDERS.get(event, frozenset())


# Attributes of template nodes that name a variable the tag itself defines.
_DEFINING_ATTRIBUTES = ("loopvars", "variable_name", "asvar", "var_name", "target")


def _walk(value: Any, seen: set[int]) -> Iterator[Any]:
    """Every template object reachable from ``value``: nodes, their node lists,
    conditions and filter expressions, whatever tag holds them."""
    if id(value) in seen:
        return
    seen.add(id(value))
    yield value
    if isinstance(value, list | tuple | NodeList):
        for item in value:
            yield from _walk(item, seen)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(key, seen)
            yield from _walk(item, seen)
    elif type(value).__module__.startswith("django.template"):
        for name, item in _attributes(value):
            if name not in ("token", "origin"):
                yield from _walk(item, seen)


def _attributes(value: Any) -> Iterator[tuple[str, Any]]:
    # Some template classes keep their state in __slots__ (FilterExpression), most in __dict__.
    yield from getattr(value, "__dict__", {}).items()
    for klass in type(value).__mro__:
        for name in getattr(klass, "__slots__", ()):
            if hasattr(value, name):
                yield name, getattr(value, name)


def template_names(source: str) -> tuple[set[str], set[str]]:
    """(names the template reads, names its own tags define). TemplateSyntaxError if it
    does not compile, or uses {% debug %}, which prints everything a template is given."""
    used: set[str] = set()
    defined: set[str] = {"forloop", "block"}
    filtered_content: set[int] = set()
    for item in _walk(compiled(source).nodelist, set()):
        if isinstance(item, DebugNode):
            raise TemplateSyntaxError(_("Тег {% debug %} в сообщениях не используется."))
        if isinstance(item, FilterNode):
            # {% filter upper %} is compiled as the expression "var|upper" over its content.
            filtered_content.add(id(item.filter_expr.var))
        if isinstance(item, Variable) and item.lookups and id(item) not in filtered_content:
            used.add(item.lookups[0])
        if isinstance(item, Node):
            for attribute in _DEFINING_ATTRIBUTES:
                value = getattr(item, attribute, None)
                if isinstance(value, str):
                    defined.add(value)
                elif isinstance(value, list | tuple):
                    defined.update(v for v in value if isinstance(v, str))
            extra = getattr(item, "extra_context", None)
            if isinstance(extra, dict):
                defined.update(extra)
    return used, defined


def template_problems(*, event: str, subject: str, text: str, html: str) -> dict[str, str]:
    """What is wrong with a template of ``event``, by field: it does not compile, names
    what the event does not give it, or puts a secret into the subject."""
    allowed = event_placeholders(event)
    secrets = secret_placeholders(event)
    problems = {}
    for field, source in (("subject", subject), ("text", text), ("html", html)):
        try:
            used, defined = template_names(source)
        except TemplateSyntaxError as error:
            problems[field] = _("Ошибка в шаблоне: %(error)s") % {"error": error}
            continue
        unknown = sorted(used - defined - allowed)
        if unknown:
            problems[field] = _("Такого нет в данных этого сообщения: %(names)s. Можно: %(allowed)s.") % {
                "names": ", ".join(unknown),
                "allowed": ", ".join(sorted(allowed)),
            }
        elif field == "subject" and used & secrets:
            problems[field] = _("Ссылку %(names)s нельзя ставить в тему: тему видят организаторы.") % {
                "names": ", ".join(sorted(used & secrets))
            }
    return problems


def _value_problem(name: str, value: Any, sample: Any) -> str | None:
    """What is wrong with a broadcast's value of ``name``, judged by the event's sample."""
    if isinstance(sample, int):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= BROADCAST_NUMBER_MAX:
            return _("%(name)s — целое число от 0 до %(max)s.") % {"name": name, "max": BROADCAST_NUMBER_MAX}
        return None
    if not isinstance(value, str) or not value.strip():
        return _("%(name)s — заполните текстом.") % {"name": name}
    if len(value) > BROADCAST_TEXT_MAX_LENGTH:
        return _("%(name)s — не длиннее %(max)s знаков.") % {"name": name, "max": BROADCAST_TEXT_MAX_LENGTH}
    if name.endswith("_at"):
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return _("%(name)s — дата и время в виде 2026-05-14T19:00:00+03:00.") % {"name": name}
    if name.endswith("_url"):
        site = settings.NOTIFICATIONS_SITE_URL
        on_site = (value.startswith("/") and not value.startswith("//")) or value.startswith(site + "/")
        if not on_site:
            return _("%(name)s — ссылка на страницу портала: путь вида /results/ или адрес %(site)s/…") % {
                "name": name,
                "site": site,
            }
    if name == "stage" and value not in StageKind.values:
        return _("%(name)s — код этапа: %(codes)s.") % {"name": name, "codes": ", ".join(StageKind.values)}
    return None


def broadcast_problems(*, event: str, context: Any) -> list[str]:
    """Why a broadcast of ``event`` with ``context`` cannot go: an event not meant for
    broadcasting, or a context that is not exactly the event's placeholders, each filled
    in (so no mail goes out with a hole in it), with links to the portal only (so no mail
    from the portal's address leads anywhere else)."""
    if event not in BROADCAST_EVENTS:
        return [_("Это событие не рассылается всем сразу.")]
    if not isinstance(context, dict):
        return [_("Данные для шаблона — объект JSON вида {\"имя\": \"значение\"}.")]
    sample = sample_contexts().get(event, {})
    problems = []
    missing = [name for name in sample if name not in context]
    unknown = sorted(set(context) - set(sample))
    if missing:
        problems.append(_("Не заполнено: %(names)s.") % {"names": ", ".join(missing)})
    if unknown:
        problems.append(
            _("Такого в этом сообщении нет: %(names)s. Нужно: %(allowed)s.")
            % {"names": ", ".join(unknown), "allowed": ", ".join(sample)}
        )
    problems += [
        problem
        for name, value in context.items()
        if name in sample and (problem := _value_problem(name, value, sample[name]))
    ]
    return problems
