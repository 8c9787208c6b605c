"""The template engine of message templates edited in the admin: Django's built-in tags
and filters plus ours, and no loaders, so an edited template cannot include or extend
files from the server."""

from functools import lru_cache

from django.template import Engine, Template

ENGINE = Engine(builtins=["topblog.notifications.message_filters"])


@lru_cache(maxsize=512)
def compiled(source: str) -> Template:
    # Keyed by the source itself, so an edit in the admin is picked up without invalidation.
    return ENGINE.from_string(source)
