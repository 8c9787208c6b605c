"""The final's agenda: each team's presentation is a session of the schedule in the
final stage, for that team, so it reaches the cabinet, the schedule pages and the
calendar feeds like any other session."""

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from modules.models import Audience, Session
from modules.services.schedule import session_check, session_create, session_update
from teams.final.models import PresentationSlot
from teams.models import Team
from topblog.tracks.models import Stage, StageKind

logger = logging.getLogger(__name__)


def _final_stage(team: Team) -> Stage:
    stage = Stage.objects.filter(season_id=team.season_id, kind=StageKind.FINAL).first()
    if stage is None:
        raise ValidationError(_("В сезоне нет этапа «Финал»: сначала задайте его сроки."))
    return stage


def presentation_slot_check(*, team: Team, starts_at: datetime, ends_at: datetime, room: str) -> None:
    """What the schedule would refuse of this slot (its times inside the final, a room),
    for the admin's form to show before anything is saved."""
    session = Session(
        stage=_final_stage(team),
        title=_slot_title(team),
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        audience=Audience.TEAM,
        team_number=team.number,
    )
    session_check(session)


# A session's title is the season's data, kept in Russian like the titles organizers
# type, whatever the language of the organizer who placed the slot.
SLOT_TITLE = "Защита проектов: команда «{direction}»"


def _slot_title(team: Team) -> str:
    return SLOT_TITLE.format(direction=team.direction.name)


def presentation_slot_place(
    *, team_id: int, starts_at: datetime, ends_at: datetime, room: str, by
) -> PresentationSlot:
    """Place a team's presentation in the final's agenda, or move it.

    Steps: lock the team (two organizers placing it at once make one slot); find its
    season's final stage; with no slot yet, schedule a session for the team
    (``session_create``: its people told once) and record the slot; with one, change
    its session (``session_update``: the schedule counts the move and tells its people
    once per move, and nothing when only the room changed)."""
    with transaction.atomic():
        team = Team.objects.select_for_update().select_related("direction").get(pk=team_id)
        stage = _final_stage(team)
        fields = {"starts_at": starts_at, "ends_at": ends_at, "room": room}
        slot = PresentationSlot.objects.filter(team=team).select_related("session").first()
        if slot is not None:
            session_update(session_id=slot.session_id, fields=fields, by=by)
            slot.refresh_from_db()
        else:
            session = session_create(
                fields={
                    **fields,
                    "stage": stage,
                    "title": _slot_title(team),
                    "audience": Audience.TEAM,
                    "team_number": team.number,
                },
                by=by,
            )
            slot = PresentationSlot.objects.create(team=team, session=session)
    logger.info(
        "Presentation slot of team %s placed at %s by %s", team_id, starts_at, getattr(by, "pk", None)
    )
    return slot
