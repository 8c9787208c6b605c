"""Factories of the programme's tests: a season whose calendar puts today inside the
stage asked for, trainees (selected applications), modules, sessions, assignments."""

from datetime import timedelta

import factory
from django.utils import timezone

from applications.models import ApplicantRole, ApplicationStatus
from modules.models import Assignment, Certificate, Module, ProgrammeSettings, Session
from tests.factories import ApplicationFactory, SeasonFactory, choose_directions
from topblog.tracks.models import Direction, Season, Stage, StageKind

ORDER = list(StageKind.values)
DAYS = {
    "applications": 40,
    "portfolio_review": 21,
    "selection_results": 1,
    "education": 42,
    "team_module": 7,
    "refinement": 90,
    "final": 3,
}


def season_at(kind: str = StageKind.EDUCATION, *, days_in: int = 10, **kwargs) -> Season:
    """A current season whose stage ``kind`` began ``days_in`` days ago."""
    season = SeasonFactory(stages=False, **kwargs)
    start = (
        timezone.now()
        - timedelta(days=days_in)
        - sum((timedelta(days=DAYS[k]) for k in ORDER[: ORDER.index(kind)]), timedelta())
    )
    for stage_kind in ORDER:
        end = start + timedelta(days=DAYS[stage_kind])
        Stage.objects.create(
            season=season,
            kind=stage_kind,
            starts_at=start,
            ends_at=end,
            venue="«Сенеж»" if stage_kind in ("team_module", "final") else "",
        )
        start = end
    return season


def stage_of(season: Season, kind: str = StageKind.EDUCATION) -> Stage:
    return season.stages.get(kind=kind)


def trainee(season: Season, *directions: str, role: str = ApplicantRole.BLOGGER, **kwargs):
    """A selected application of ``season`` with its chosen directions (an official's
    first is their ministry's)."""
    directions = directions or ("culture",)
    extra = {}
    if role == ApplicantRole.OFFICIAL:
        extra["ministry_direction"] = Direction.objects.get(code=directions[0])
    application = ApplicationFactory(
        season=season,
        role=role,
        status=ApplicationStatus.SELECTED,
        submitted_at=timezone.now(),
        **extra,
        **kwargs,
    )
    choose_directions(application, *directions)
    return application


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    season = factory.LazyFunction(lambda: Season.objects.get(is_current=True))
    title = factory.Sequence(lambda n: f"Модуль {n}")
    hours = 18
    position = factory.Sequence(lambda n: n)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    module = factory.SubFactory(ModuleFactory)
    title = factory.Sequence(lambda n: f"Задание {n}")
    description = "Снимите короткое видео о своём регионе."
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    max_score = 10


class SessionFactory(factory.django.DjangoModelFactory):
    """A programme session inside the current season's education stage, yesterday."""

    class Meta:
        model = Session

    stage = factory.LazyFunction(lambda: Stage.objects.get(season__is_current=True, kind=StageKind.EDUCATION))
    module = factory.LazyAttribute(lambda o: ModuleFactory(season=o.stage.season))
    title = factory.Sequence(lambda n: f"Занятие {n}")
    lecturer = "Ольга Петрова"
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    room = "Зал 1"


def programme_settings(season: Season, **fields) -> ProgrammeSettings:
    settings = ProgrammeSettings.for_season(season)
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()
    return settings


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate as issued to ``application``, without its PDF."""

    class Meta:
        model = Certificate

    season = factory.LazyAttribute(lambda o: o.application.season)
    sequence = factory.LazyAttribute(lambda o: o.application.pk)
    number = factory.LazyAttribute(lambda o: f"T-{o.application.pk}")
    verification_code = "code"
    last_name = factory.LazyAttribute(lambda o: o.application.last_name)
    first_name = factory.LazyAttribute(lambda o: o.application.first_name)
    programme_name = "Медиакоммуникации для государственных проектов"
    hours = 72
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyFunction(timezone.localdate)
    issuer_name = "Мастерская управления «Сенеж»"
    issued_at = factory.LazyFunction(timezone.now)
