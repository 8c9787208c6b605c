"""Everything the portal holds about one person, for the download 152-ФЗ (art. 14) entitles them to.

A registry: each app adds the part it owns from its ``AppConfig.ready()`` with
``register_exporter(name, fn)``, so a later app (modules, teams) adds its data without
this lower app knowing it exists. ``personal_data_export(user)`` asks every exporter in
registration order. An exporter returns plain JSON-friendly data (dates and datetimes are
fine: the caller encodes them with PersonalDataEncoder) and only the person's own rows.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from topblog.accounts.models import Consent, User

Exporter = Callable[[User], Any]

_exporters: dict[str, Exporter] = {}


def register_exporter(name: str, fn: Exporter) -> None:
    """Adds an app's part of the export under ``name``. Registering the same function
    again (a second ``ready()`` in tests) is harmless; another function under a taken
    name is a mistake."""
    existing = _exporters.get(name)
    if existing is not None and existing is not fn:
        raise ValueError(f"A personal-data exporter named {name!r} is already registered.")
    _exporters[name] = fn


def registered_exporters() -> tuple[str, ...]:
    return tuple(_exporters)


class PersonalDataEncoder(DjangoJSONEncoder):
    """Times in the portal's time zone with their offset ("2026-03-01T15:00:00+03:00"),
    as the pages show them, not in the UTC the database keeps."""

    def default(self, o):
        if isinstance(o, datetime.datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)


def personal_data_export(user: User) -> dict[str, Any]:
    """The person's data from every app, keyed by the exporters' names, with the time
    zone its times are given in."""
    data: dict[str, Any] = {"generated_at": timezone.now(), "time_zone": settings.TIME_ZONE}
    for name, fn in _exporters.items():
        data[name] = fn(user)
    return data


def account_export(user: User) -> dict[str, Any]:
    """The account and every consent given, with the version of the text agreed to."""
    consents = Consent.objects.filter(user=user).select_related("document").order_by("given_at", "pk")
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_confirmed_at": user.email_confirmed_at,
        "is_active": user.is_active,
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "consents": [
            {
                "kind": consent.document.kind,
                "title": consent.document.title,
                "version": consent.document.version,
                "given_at": consent.given_at,
                "ip_address": consent.ip_address,
                "user_agent": consent.user_agent,
                "withdrawn_at": consent.withdrawn_at,
                "withdrawn_ip_address": consent.withdrawn_ip_address,
                "withdrawn_user_agent": consent.withdrawn_user_agent,
            }
            for consent in consents
        ],
    }


# The accounts app's own part: this module is its registry, so it registers here.
register_exporter("account", account_export)
