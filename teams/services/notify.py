"""Telling finalists their team (TEAM_ASSIGNED), shared by the formation and the moves."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from modules.models import Finalist
from teams.models import Team
from topblog.notifications.models import Event
from topblog.notifications.services import notification_send


def team_url(team: Team) -> str:
    # The team page (``teams:team``), a path the outbox makes absolute with SITE_URL.
    return f"/teams/{team.pk}/"


def team_assigned_tell(*, placed: list[tuple[int, Team]]) -> int:
    """Tell each (finalist id, team) their team, once per person and team (the
    occasion names the team): a second call for the same pair writes nothing. Written
    in the caller's transaction, delivered after it commits. Returns how many were told."""
    if not placed:
        return 0
    rows = Finalist.objects.filter(pk__in=[pk for pk, _team in placed]).values_list(
        "pk", "application__applicant_id", "application__first_name"
    )
    people = {pk: (user_id, name) for pk, user_id, name in rows}
    users = get_user_model().objects.in_bulk([user_id for user_id, _name in people.values()])
    told = 0
    for finalist_id, team in placed:
        user_id, name = people[finalist_id]
        user = users.get(user_id)
        if user is None or not user.is_active:
            continue
        notification_send(
            event=Event.TEAM_ASSIGNED,
            recipients=[user],
            context={
                "name": name,
                "team_name": _("Команда %(number)s") % {"number": team.number},
                "direction": team.direction.name,
                "ministry": team.direction.ministry_short,
                "team_url": team_url(team),
            },
            occasion=f"team-{team.pk}",
        )
        told += 1
    return told
