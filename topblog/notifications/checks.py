"""System checks: every event needs words in every language before anything can send it."""

from django.conf import settings
from django.core import checks

from topblog.notifications.defaults import sample_contexts, shipped_templates
from topblog.notifications.models import Event
from topblog.notifications.placeholders import secret_sources_missing, template_problems


@checks.register()
def shipped_templates_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    texts = shipped_templates()
    for event in Event.values:
        for language, _name in settings.LANGUAGES:
            if (event, language) not in texts:
                errors.append(
                    checks.Error(
                        f"Event {event!r} has no shipped {language} template.",
                        hint=f"Add [{event}] to topblog/notifications/message_defaults/{language}.toml.",
                        id="notifications.E001",
                    )
                )
        if event not in sample_contexts():
            errors.append(
                checks.Error(
                    f"Event {event!r} has no sample context.",
                    hint="Add it to topblog/notifications/message_defaults/samples.toml.",
                    id="notifications.E002",
                )
            )
    return errors


@checks.register()
def placeholders_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """The shipped texts keep to their events' placeholders, and every secret has the
    source that makes it at delivery."""
    errors = [
        checks.Error(
            f"The shipped {texts.language} template of {texts.event!r}: {field}: {problem}",
            id="notifications.E003",
        )
        for texts in shipped_templates().values()
        for field, problem in template_problems(
            event=texts.event, subject=texts.subject, text=texts.text, html=texts.html
        ).items()
    ]
    errors += [
        checks.Error(
            f"Event {event!r} carries a secret but nothing makes it.",
            hint="Register its source with topblog.notifications.placeholders.register_secret_source.",
            id="notifications.E004",
        )
        for event in secret_sources_missing()
    ]
    return errors
