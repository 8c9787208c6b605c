"""System checks: every event needs words in every language before anything can send it."""

from django.conf import settings
from django.core import checks

from topblog.notifications.defaults import sample_contexts, shipped_templates
from topblog.notifications.models import Event


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
