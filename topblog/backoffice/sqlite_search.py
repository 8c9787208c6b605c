"""Case-insensitive search in any alphabet on the embedded SQLite database.

SQLite's own LIKE folds the case of ASCII letters only, so on the demo portal a search
for «иванов» missed «Иванов» while PostgreSQL found it. Django's contains, icontains,
startswith and the admin's search all compile to ``LIKE … ESCAPE '\\'`` on SQLite; this
replaces LIKE on each new SQLite connection with one that folds case as Python does."""

import re
from functools import lru_cache

from django.db.backends.signals import connection_created


@lru_cache(maxsize=256)
def _pattern(like: str, escape: str | None) -> re.Pattern:
    parts, chars = [], iter(like)
    for char in chars:
        if escape is not None and char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL | re.IGNORECASE)


def unicode_like(like: str | None, value: str | None, escape: str | None = None) -> bool | None:
    # SQL's LIKE with a NULL on either side is NULL, which a WHERE treats as false.
    if like is None or value is None:
        return None
    return _pattern(like, escape).fullmatch(str(value)) is not None


def _install(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function("like", 2, unicode_like, deterministic=True)
    connection.connection.create_function("like", 3, unicode_like, deterministic=True)


def connect() -> None:
    connection_created.connect(_install, dispatch_uid="backoffice-sqlite-unicode-like")
