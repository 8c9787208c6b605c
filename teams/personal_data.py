"""The teams' part of a person's data export (152-ФЗ, art. 14): their team, the
directions they asked for, and every change of their membership. Registered from
TeamsConfig.ready()."""

from typing import Any

from teams.models import Membership, MembershipChange, TeamPreference
from topblog.accounts.models import User


def teams_export(user: User) -> dict[str, Any]:
    mine = {"finalist__application__applicant": user}
    membership = Membership.objects.filter(**mine).select_related("team__direction", "team__season").first()
    preference = TeamPreference.objects.filter(**mine).first()
    return {
        "team": None
        if membership is None
        else {
            "season": membership.team.season.number,
            "number": membership.team.number,
            "direction": membership.team.direction.code,
            "joined_at": membership.joined_at,
            "locked": membership.locked,
            "source": membership.source,
        },
        "preferences": None
        if preference is None
        else {"directions": preference.directions, "updated_at": preference.updated_at},
        "history": [
            {
                "action": change.action,
                "from_team": change.from_team.direction.code if change.from_team else None,
                "to_team": change.to_team.direction.code if change.to_team else None,
                "changed_at": change.changed_at,
                "reason": change.reason,
            }
            for change in MembershipChange.objects.filter(**mine)
            .select_related("from_team__direction", "to_team__direction")
            .order_by("changed_at", "pk")
        ],
    }
