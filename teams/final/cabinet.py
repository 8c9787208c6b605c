"""What the final adds to a team member's cabinet (applications.cabinet_parts): the
team's presentation, its deadline and a link to upload it. The fingerprint is one query
that moves whenever the deadline, the presentation or the membership does."""

from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string

from applications.cabinet_parts import CabinetPart
from applications.models import ApplicationStatus
from teams.final.models import FinalSettings, Presentation
from teams.models import Membership


def presentation_fingerprint(*, user, state):
    """None unless the person is in a team of a season whose final has its settings."""
    return (
        Membership.objects.filter(finalist__application_id=state.application_id)
        .annotate(
            deadline=Subquery(
                FinalSettings.objects.filter(season_id=OuterRef("team__season_id")).values(
                    "presentation_deadline"
                )[:1]
            ),
            presentation=Subquery(
                Presentation.objects.filter(team_id=OuterRef("team_id")).values("updated_at")[:1]
            ),
        )
        .filter(deadline__isnull=False)
        .values_list("team_id", "deadline", "presentation")
        .first()
    )


def presentation_render(*, user, state):
    membership = (
        Membership.objects.filter(finalist__application_id=state.application_id)
        .select_related("team__direction", "team__season__final_settings")
        .get()
    )
    team = membership.team
    presentation = Presentation.objects.filter(team=team).select_related("shown_version").first()
    return render_to_string(
        "final/cabinet/_presentation.html",
        {"team": team, "final": team.season.final_settings, "presentation": presentation},
    )


PARTS = (
    CabinetPart(
        name="final_presentation",
        slot="main",
        statuses=frozenset({ApplicationStatus.SELECTED}),
        order=40,
        fingerprint=presentation_fingerprint,
        render=presentation_render,
    ),
)
