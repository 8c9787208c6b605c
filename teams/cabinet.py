"""«Ваша команда» in a finalist's cabinet (applications.cabinet_parts): the team, its
direction and a link to its page once formed; before that, that teams are not formed yet
and the directions the person asked for, with a link to state or change them. Its
fingerprint is one query that moves whenever anything it renders does."""

from django.db.models import Count, Exists, Max, OuterRef, Subquery
from django.template.loader import render_to_string

from applications.cabinet_parts import CabinetPart, HistoryEntry
from modules.cabinet import TRAINEES
from modules.models import Finalist
from modules.models.finalists import SEATED_STATUSES
from teams import selectors
from teams.models import Membership, MembershipChange, TeamPreference


def _grouped(queryset, expression):
    return Subquery(queryset.order_by().values("finalist_id").annotate(value=expression).values("value")[:1])


def team_fingerprint(*, user, state):
    mine = MembershipChange.objects.filter(finalist_id=OuterRef("pk"))
    return (
        Finalist.objects.filter(application_id=state.application_id, status__in=SEATED_STATUSES)
        .annotate(
            fp_preference=Subquery(TeamPreference.objects.filter(pk=OuterRef("pk")).values("updated_at")[:1]),
            fp_team=Subquery(Membership.objects.filter(finalist_id=OuterRef("pk")).values("team_id")[:1]),
            fp_formed=Exists(Membership.objects.filter(team__season_id=OuterRef("season_id"))),
            fp_changes=_grouped(mine, Count("pk")),
            fp_changed=_grouped(mine, Max("changed_at")),
        )
        .values_list("status", "fp_preference", "fp_team", "fp_formed", "fp_changes", "fp_changed")
        .first()
    )


def team_render(*, user, state):
    stated = selectors.preference_of(application_id=state.application_id)
    return render_to_string(
        "teams/cabinet/_team.html",
        {
            "membership": selectors.membership_of(user=user, season_id=state.season_id),
            "formed": selectors.teams_formed(season_id=state.season_id),
            "stated_directions": selectors.directions_named(stated.directions if stated else []),
        },
    )


def team_steps(*, user, state) -> list[HistoryEntry]:
    changes = MembershipChange.objects.filter(finalist__application_id=state.application_id).select_related(
        "from_team__direction", "to_team__direction"
    )
    return [
        HistoryEntry(
            at=change.changed_at,
            by="organizer" if change.changed_by_id is not None else "system",
            before=str(change.from_team) if change.from_team else "—",
            after=f"{change.get_action_display()}: {change.to_team}"
            if change.to_team
            else change.get_action_display(),
            reason=change.reason,
        )
        for change in changes
    ]


PARTS = (
    CabinetPart(
        name="team",
        slot="main",
        statuses=TRAINEES,
        order=15,
        fingerprint=team_fingerprint,
        render=team_render,
        history=team_steps,
    ),
)
