"""What several of the programme's services share: the season's settings row, locked
when a rule of the season is at stake, and telling a session's or stage's people."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model

from modules.models import ProgrammeSettings
from topblog.notifications.models import Event
from topblog.notifications.services import notification_send
from topblog.tracks.models import Season


def programme_settings_lock(*, season: Season) -> ProgrammeSettings:
    """The season's settings row, created with the defaults if organizers have not saved
    one yet, and locked until the caller's transaction ends: finalist moves and
    certificate numbers of a season are taken one at a time under it."""
    default = ProgrammeSettings.for_season(season)
    ProgrammeSettings.objects.get_or_create(
        season=season,
        defaults={
            field.name: getattr(default, field.name)
            for field in ProgrammeSettings._meta.concrete_fields
            if field.name not in ("season", "updated_at")
        },
    )
    return ProgrammeSettings.objects.select_for_update().select_related("season").get(season=season)


def people_tell(*, event: Event, user_ids: Iterable[int], context: dict[str, Any], occasion: str) -> None:
    """``notification_send`` to the active people among ``user_ids``."""
    ids = sorted(set(user_ids))
    if not ids:
        return
    recipients = get_user_model().objects.filter(pk__in=ids, is_active=True).only("pk")
    notification_send(event=event, recipients=list(recipients), context=context, occasion=occasion)
