"""Factories and builders of the review stage (issue 11)."""

from datetime import timedelta

import factory
from django.utils import timezone

from applications.models import ApplicantRole, ApplicationStatus, ReviewAssignment
from applications.review.models import Criterion, ExpertProfile, ReviewSettings, SelectionMinimum
from applications.review.services import ReviewInput, review_submit
from tests.factories import ApplicationFactory, SeasonFactory, choose_directions, expert
from topblog.tracks.models import Direction, Season

CRITERIA = (
    ("Качество контента", "Content quality", 3),
    ("Вовлечённость аудитории", "Audience engagement", 2),
    ("Соответствие направлению", "Fit to the direction", 2),
    ("Идеи медиапроектов", "Media-project ideas", 2),
    ("Мотивация", "Motivation", 1),
)


def current_season() -> Season:
    return Season.objects.filter(is_current=True).first() or SeasonFactory()


def criteria(season: Season | None = None, *, scale_max: int = 10) -> list[Criterion]:
    settings, _created = ReviewSettings.objects.get_or_create(season=season or current_season())
    return [
        Criterion.objects.create(
            review_settings=settings,
            name=name,
            name_en=name_en,
            weight=weight,
            scale_max=scale_max,
            position=n,
            description=f"Насколько хорошо: {name.lower()}.",
        )
        for n, (name, name_en, weight) in enumerate(CRITERIA, start=1)
    ]


def review_settings(season: Season | None = None, **fields) -> ReviewSettings:
    season = season or current_season()
    fields.setdefault("blind_review", False)
    fields.setdefault("comparable_after", 1)
    settings, _created = ReviewSettings.objects.update_or_create(season=season, defaults=fields)
    return settings


def judge(*directions: str, ministry: str | None = None, **user_fields):
    """An expert with a profile judging ``directions``."""
    person = expert(**user_fields)
    profile = ExpertProfile.objects.create(
        user=person, ministry=Direction.objects.get(code=ministry) if ministry else None
    )
    profile.directions.set(Direction.objects.filter(code__in=directions or ("culture",)))
    return person


def submitted_application(
    *directions: str, role: str = ApplicantRole.BLOGGER, status=ApplicationStatus.SUBMITTED, **fields
):
    if role == ApplicantRole.OFFICIAL:
        fields.setdefault("ministry_direction", Direction.objects.get(code=(directions or ("culture",))[0]))
    application = ApplicationFactory(role=role, status=status, submitted_at=timezone.now(), **fields)
    choose_directions(application, *(directions or ("culture",)))
    return application


def assigned(application, person, *, due_in: timedelta = timedelta(days=7), blind: bool = False):
    """An assignment as the service makes it, for tests that set up a queue by hand."""
    return ReviewAssignment.objects.create(
        application=application, expert=person, due_at=timezone.now() + due_in, blind=blind
    )


def scores_for(season_criteria, value: int) -> dict[int, int]:
    return {c.pk: value for c in season_criteria}


def submit(application, person, season_criteria, value: int, comment: str = ""):
    return review_submit(
        application_id=application.pk,
        expert=person,
        data=ReviewInput(scores=scores_for(season_criteria, value), comment=comment),
    )


def minimum(role: str, direction: str, value: int, season: Season | None = None) -> SelectionMinimum:
    settings, _created = ReviewSettings.objects.get_or_create(season=season or current_season())
    return SelectionMinimum.objects.create(
        review_settings=settings, role=role, direction=Direction.objects.get(code=direction), minimum=value
    )


class ExpertProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertProfile

    user = factory.LazyFunction(expert)
