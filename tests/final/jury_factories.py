"""Helpers of the jury's tests: a season at its final with a team and projects per
direction asked for, criteria, jurors and their scores, written as the services would."""

from django.utils import timezone

from teams.final.models import FinalCriterion, Juror, JuryScore
from teams.projects.models import MediaProject, ProjectFormat
from tests.factories import UserFactory
from tests.modules.factories import season_at
from tests.teams.factories import team
from topblog.accounts.models import Consent, ConsentDocument
from topblog.tracks.models import Direction, Season, StageKind


def final_season() -> Season:
    return season_at(StageKind.FINAL, days_in=1)


def project(season: Season, direction: str = "culture", title: str = "") -> MediaProject:
    of = team(season, direction)
    count = MediaProject.objects.filter(team=of).count()
    return MediaProject.objects.create(
        team=of,
        title=title or f"Проект {direction} {count + 1}",
        goal="Рассказать о цели",
        format=ProjectFormat.VIDEO,
    )


def criteria(season: Season, *weights: int, max_score: int = 10) -> list[FinalCriterion]:
    return [
        FinalCriterion.objects.create(
            season=season, name=f"Критерий {i}", weight=w, max_score=max_score, position=i
        )
        for i, w in enumerate(weights or (2, 1), start=1)
    ]


def juror(season: Season, *directions: str, user=None) -> Juror:
    seat = Juror.objects.create(season=season, user=user or UserFactory(), added_at=timezone.now())
    seat.directions.set(Direction.objects.filter(code__in=directions))
    return seat


def score(seat: Juror, of: MediaProject, given: dict[FinalCriterion, int]) -> None:
    for criterion, value in given.items():
        JuryScore.objects.create(
            juror=seat, project=of, criterion=criterion, score=value, scored_at=timezone.now()
        )


def publication_consent(user) -> Consent:
    document = (
        ConsentDocument.objects.filter(kind=ConsentDocument.Kind.PUBLICATION).order_by("-version").first()
    )
    return Consent.objects.create(user=user, document=document, given_at=timezone.now())
