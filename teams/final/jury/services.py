"""Every write of the jury: the season's default criteria, inviting jurors, a juror's
scores of a project, and the publication of the results, once per season."""

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teams.final.jury import selectors
from teams.final.jury.snapshot import results_snapshot
from teams.final.models import FinalCriterion, FinalResults, Juror, JuryScore
from teams.projects.models import MediaProject
from topblog.accounts.models import User
from topblog.notifications.models import Event
from topblog.notifications.services import notification_send
from topblog.tracks.models import Direction, Season

logger = logging.getLogger(__name__)

# The criteria a season starts with: (name, English name, largest score, weight).
# Organizers edit, add and remove them in the admin; this only spares typing them anew.
DEFAULT_CRITERIA: tuple[tuple[str, str, int, int], ...] = (
    ("Соответствие цели министерства", "Fit with the ministry's goal", 10, 2),
    ("Качество контента", "Quality of the content", 10, 1),
    ("Охват и вовлечённость", "Reach and engagement", 10, 1),
    ("Потенциал масштабирования", "Potential to scale", 10, 1),
)


def final_criteria_defaults_create(*, season: Season) -> int:
    """Give a season without final criteria the default ones; returns how many were
    created (0 when it already has criteria: they are the organizers' to keep)."""
    with transaction.atomic():
        Season.objects.select_for_update().get(pk=season.pk)
        if FinalCriterion.objects.filter(season=season).exists():
            return 0
        FinalCriterion.objects.bulk_create(
            FinalCriterion(
                season=season, name=name, name_en=name_en, max_score=top, weight=weight, position=i
            )
            for i, (name, name_en, top, weight) in enumerate(DEFAULT_CRITERIA, start=1)
        )
    return len(DEFAULT_CRITERIA)


def juror_invite(
    *,
    season: Season,
    email: str,
    directions: Iterable[Direction],
    first_name: str = "",
    last_name: str = "",
    invited_by: User | None,
) -> Juror:
    """Seat a person in the season's jury, judging ``directions`` (none: all of them).

    Steps, in one transaction: the account of the email, or a new one without a
    password (names set only where the account has none), as the review invites its
    experts; the seat with who added it and when (kept if they already had one, its
    directions replaced); the invitation mail through the outbox, whose link lets a new
    account choose its password (jury_invitation_send)."""
    email = User.objects.normalize_email(email)
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"password": make_password(None), "first_name": first_name, "last_name": last_name},
        )
        if not created and not (user.first_name or user.last_name) and (first_name or last_name):
            user.first_name, user.last_name = first_name, last_name
            user.save(update_fields=["first_name", "last_name"])
        juror, _created = Juror.objects.get_or_create(
            season=season, user=user, defaults={"added_at": timezone.now(), "added_by": invited_by}
        )
        juror.directions.set(directions)
        jury_invitation_send(juror=juror)
    logger.info("Juror %s seated in season %s by %s", user.pk, season.pk, getattr(invited_by, "pk", None))
    return juror


def jury_invitation_send(*, juror: Juror) -> None:
    """Mail the invitation through the outbox; its link (teams.final.jury.links) is made
    when the mail is sent, never stored."""
    user = juror.user
    english = user.language == "en"
    notification_send(
        event=Event.JURY_INVITATION,
        recipients=[user],
        context={
            "name": user.first_name,
            "directions": ", ".join(d.name_en if english else d.name for d in juror.directions.all()),
        },
        # Each invitation is a new message: sent again, it must arrive again.
        occasion=f"jury-invitation-{juror.season_id}-{timezone.now().isoformat()}",
    )


@dataclass(frozen=True)
class ScoreInput:
    score: int
    comment: str = ""


def jury_scores_save(*, juror: Juror, project_id: int, scores: Mapping[int, ScoreInput]) -> list[JuryScore]:
    """A juror's scores of one project, criterion id -> ScoreInput.

    Steps, in one transaction: lock the season (the publication locks it too, so no
    score slips in between the results being computed and published); refuse once the
    results are published; find the project among those the juror judges
    (MediaProject.DoesNotExist otherwise: the caller answers 404); check every score is
    one of the season's criteria and within 0..its largest score; write each, with the
    time it was given (scored_at records when, the seat records who)."""
    now = timezone.now()
    with transaction.atomic():
        Season.objects.select_for_update().get(pk=juror.season_id)
        if FinalResults.objects.filter(season_id=juror.season_id).exists():
            raise ValidationError(
                _("Итоги финала уже опубликованы: оценки больше не меняются."), code="published"
            )
        project = selectors.project_for_juror(juror=juror, project_id=project_id)
        criteria = {c.pk: c for c in selectors.criteria_of(season_id=juror.season_id)}
        problems = []
        for criterion_id, given in scores.items():
            criterion = criteria.get(criterion_id)
            if criterion is None:
                problems.append(ValidationError(_("Такого критерия в этом сезоне нет."), code="unknown"))
            elif not 0 <= given.score <= criterion.max_score:
                message = _("«%(criterion)s»: балл от 0 до %(top)s.") % {
                    "criterion": criterion.name,
                    "top": criterion.max_score,
                }
                problems.append(ValidationError(message, code="out_of_range"))
        if problems:
            raise ValidationError(problems)
        saved = [
            JuryScore.objects.update_or_create(
                juror=juror,
                project=project,
                criterion_id=criterion_id,
                defaults={"score": given.score, "comment": given.comment, "scored_at": now},
            )[0]
            for criterion_id, given in scores.items()
        ]
    logger.info("Juror %s scored project %s (%s criteria)", juror.pk, project_id, len(saved))
    return saved


def final_results_publish(*, season: Season, by: User | None) -> FinalResults:
    """Publish the season's jury results, once.

    Steps, in one transaction: lock the season (scores wait; a second publication waits
    and is then refused); refuse if published already or if no project has a complete
    scorecard; compute the results (teams.final.jury.results through the selector) and
    keep them as a snapshot, with who published and when; tell everyone concerned
    (team members, their directions' curators, jurors) once per season through the
    outbox, delivered after commit."""
    with transaction.atomic():
        Season.objects.select_for_update().get(pk=season.pk)
        if FinalResults.objects.filter(season=season).exists():
            raise ValidationError(_("Итоги финала этого сезона уже опубликованы."), code="already_published")
        computed = selectors.results_compute(season_id=season.pk)
        if not computed.placed:
            raise ValidationError(
                _("Публиковать нечего: ни один проект не оценён по всем критериям."), code="nothing_scored"
            )
        projects = MediaProject.objects.filter(team__season=season).select_related("team__direction")
        published = FinalResults.objects.create(
            season=season,
            results=results_snapshot(computed, projects),
            published_at=timezone.now(),
            published_by=by,
        )
        notification_send(
            event=Event.RESULTS_PUBLISHED,
            recipients=list(selectors.results_recipients(season_id=season.pk)),
            context={"results_url": reverse("final:results")},
            occasion=f"final-results-{season.pk}",
        )
    logger.info("Final results of season %s published by %s", season.pk, getattr(by, "pk", None))
    return published
