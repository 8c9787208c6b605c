"""Demo applicant logins: one per state a person can be in at the season's stage, each
with an application in that state, so a newcomer sees the cabinet as applicants will.

A registry of states. A later stage adds the states it brings (a finalist, a team
member) with ``register_demo_applicant_state`` from its own module under topblog/demo/,
naming the stages in which a person can be in them and, if it needs rows of its own,
a ``finish`` that writes them for the login's application, or a ``pick`` of the
season's applications for one to take over."""

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from applications.models import Application, ApplicationStatus, PortfolioFile, StatusChange
from topblog.accounts.models import Consent, Role, User
from topblog.demo import generator, plans, rows
from topblog.demo.logins import DEMO_DOMAIN, demo_login_reset
from topblog.tracks.models import Direction, Region, Season, Stage, StageKind

S = ApplicationStatus
K = StageKind
EVERY_STAGE = tuple(StageKind.values)
# The demo logins' people and texts come from the generator, from a seed of their own.
LOGINS_SEED = 2026


@dataclass(frozen=True)
class DemoApplicantState:
    """A state an applicant can be in and the demo login that shows it."""

    word: str  # the login is word@demo.topblog.local, its password demo-word-2026
    label: Promise
    # The application's status, None for an account that has not started one.
    status: str | None
    # The stages of the season during which a person can be in this state.
    stages: tuple[str, ...]
    # The status changes that led here, oldest first: (from, to, made by the applicant).
    steps: tuple[tuple[str, str, bool], ...] = ()
    finish: Callable[[User, Application], None] | None = None
    # Take over an application of the season already in this status, with all a later
    # stage wrote about it (reviews, the selection), instead of writing one.
    taken_from_season: bool = False
    # Which of those applications to take, when the state is more than a status (a
    # finalist is a selected applicant the programme invited).
    pick: Callable[[QuerySet[Application]], QuerySet[Application]] | None = None


_submit = (S.DRAFT, S.SUBMITTED, True)

# Intake's states; the review stage adds its own (review_logins.py).
_states: list[DemoApplicantState] = [
    DemoApplicantState("applicant", _("Заявитель без заявки"), None, EVERY_STAGE),
    DemoApplicantState("applicant-draft", _("Заявитель: черновик"), S.DRAFT, EVERY_STAGE),
    DemoApplicantState("applicant-submitted", _("Заявитель: заявка подана"), S.SUBMITTED, (K.APPLICATIONS,),
                       (_submit,)),
    DemoApplicantState("applicant-withdrawn", _("Заявитель: заявка отозвана"), S.WITHDRAWN, EVERY_STAGE,
                       (_submit, (S.SUBMITTED, S.WITHDRAWN, True))),
]


def register_demo_applicant_state(state: DemoApplicantState) -> None:
    """Add a later stage's state to the demo logins; the same word twice is a mistake."""
    if any(known.word == state.word for known in _states):
        raise ValueError(f"A demo applicant login {state.word!r} is already registered.")
    _states.append(state)


def unregister_demo_applicant_state(word: str) -> None:
    """For tests that register a state of their own."""
    _states[:] = [state for state in _states if state.word != word]


def demo_applicant_states() -> tuple[DemoApplicantState, ...]:
    return tuple(_states)


def season_stage(stages: list[Stage], now: datetime) -> str:
    """The stage under way, or between two stages the last one over (the first before any)."""
    under_way = [stage.kind for stage in stages if stage.phase(now) == "current"]
    over = [stage.kind for stage in stages if stage.phase(now) == "past"]
    return (under_way or over or [StageKind.APPLICATIONS])[-1]


@transaction.atomic
def demo_applicant_logins_create(*, now: datetime) -> list[tuple[str, str, str]]:
    """Reset a login for each state a person can be in at the current season's stage and
    give it an application in that state, made of a generated person and dated on the
    season's calendar. Returns (state, email, password) rows to print."""
    season = Season.objects.filter(is_current=True).first()
    stages = list(season.stages.order_by("starts_at")) if season else []
    # The generator dates people on a whole calendar; a season without one gets no applications.
    if {stage.kind for stage in stages} != set(StageKind.values):
        season = None
    stage = season_stage(stages, now) if season else None
    states = [s for s in _states if s.status is None or stage in s.stages]
    people = iter(_plans(season, stages, now, count=len(states)) if season else [])
    logins = []
    for state in states:
        user, password = demo_login_reset(word=state.word, role=Role.APPLICANT, now=now)
        plan = next(people, None)
        held = Application.objects.filter(applicant=user, season=season).first() if season else None
        if state.status is not None and held is not None and held.status == state.status:
            # Already in its state: kept, so a later stage's rows about it stay too.
            logins.append((str(state.label), user.email, password))
            continue
        _login_data_clear(user)
        if state.status is None:
            logins.append((str(state.label), user.email, password))
        elif state.taken_from_season:
            if _taken_over(user, season, state.status, pick=state.pick):
                logins.append((str(state.label), user.email, password))
        else:
            application = _application_write(user, season, _planned(state, plan, stages, now))
            if state.finish is not None:
                state.finish(user, application)
            logins.append((str(state.label), user.email, password))
    # A login of a state this stage has no place for keeps no application from an earlier run.
    for user in User.objects.filter(email__in=[_email(s) for s in _states if s not in states]):
        _login_data_clear(user)
    return logins


def _taken_over(
    user: User,
    season: Season,
    status: str,
    *,
    pick: Callable[[QuerySet[Application]], QuerySet[Application]] | None = None,
) -> bool:
    """The season's first generated application in ``status`` (of those ``pick`` keeps)
    becomes the login's, with its history and consents; the generated account it came
    from goes. False when the season has none (a small demo)."""
    candidates = Application.objects.filter(season=season, status=status).exclude(
        applicant__email__iendswith=f"@{DEMO_DOMAIN}"
    )
    if pick is not None:
        candidates = pick(candidates)
    application = candidates.select_related("applicant").order_by("pk").first()
    if application is None:
        return False
    generated = application.applicant
    Application.objects.filter(pk=application.pk).update(applicant=user)
    StatusChange.objects.filter(application=application, changed_by=generated).update(changed_by=user)
    Consent.objects.filter(user=generated).update(user=user)
    User.objects.filter(pk=user.pk).update(date_joined=generated.date_joined)
    generated.delete()
    return True


def _email(state: DemoApplicantState) -> str:
    return f"{state.word}@{DEMO_DOMAIN}"


def _login_data_clear(user: User) -> None:
    """A login starts each seeding from nothing: no application, file or consent of a
    previous run is left to pile up."""
    stored = list(PortfolioFile.objects.filter(application__applicant=user).values_list("file", flat=True))
    transaction.on_commit(lambda: [default_storage.delete(name) for name in stored])
    Application.objects.filter(applicant=user).delete()
    Consent.objects.filter(user=user).delete()


def _plans(
    season: Season, stages: list[Stage], now: datetime, *, count: int
) -> list[plans.ApplicantPlan]:
    """Adult bloggers from the generator: the cabinet then shows every part a blogger fills
    in, and no parent's consent is needed."""
    regions = list(Region.objects.values_list("code", "population_thousands"))
    directions = list(Direction.objects.order_by("position", "code").values_list("code", flat=True))
    calendar = [
        generator.StagePlan(kind=s.kind, starts_at=s.starts_at, ends_at=s.ends_at, venue=s.venue,
                            description=s.description)
        for s in stages
    ]
    people = generator.generate_applicants(
        count=count * 10, seed=LOGINS_SEED, stage=StageKind.APPLICATIONS, calendar=calendar, now=now,
        regions=regions, directions=directions, min_applicant_age=season.min_applicant_age,
        adult_age=season.adult_age,
    )
    today = now.astimezone(generator.MOSCOW).date()
    adult = [
        p for p in people
        if p.role == "blogger" and not p.is_possible_duplicate
        and (today - p.birth_date).days > (season.adult_age + 1) * 366
    ]
    return adult[:count]


def _planned(
    state: DemoApplicantState, plan: plans.ApplicantPlan, stages: list[Stage], now: datetime
) -> plans.ApplicantPlan:
    """``plan``'s person with the state's status and history, dated on the calendar: the
    draft started early in the window, submitted the next day, reviewed and decided when
    those stages began, and nothing later than a little before now."""
    by_kind = {stage.kind: stage for stage in stages}

    def moment(kind: str, after: timedelta, not_before: datetime) -> datetime:
        return max(min(by_kind[kind].starts_at + after, now - timedelta(minutes=5)), not_before)

    window = by_kind[K.APPLICATIONS]
    # Two days into the window, or shortly before now when the window opened later than that.
    created = moment(K.APPLICATIONS, timedelta(days=2), min(window.starts_at, now - timedelta(days=1)))
    at = created
    history = []
    for from_status, to_status, by_applicant in state.steps:
        if to_status == S.UNDER_REVIEW:
            at = moment(K.PORTFOLIO_REVIEW, timedelta(hours=9), at)
        elif to_status in (S.SELECTED, S.NOT_SELECTED):
            at = moment(K.SELECTION_RESULTS, timedelta(hours=12), at)
        else:
            at = max(min(at + timedelta(days=1), window.ends_at, now - timedelta(minutes=5)), at)
        history.append(plans.StatusStep(from_status, to_status, at, by_applicant))
    submitted = next((step.at for step in history if step.to_status == S.SUBMITTED), None)
    rng = random.Random(f"{LOGINS_SEED}-{state.word}")
    return replace(
        plan, status=state.status, created_at=created, submitted_at=submitted, history=tuple(history),
        publication_consent=submitted is not None and rng.random() < 0.5,
    )


def _application_write(user: User, season: Season, plan: plans.ApplicantPlan) -> Application:
    # The person signed up when they started the application, as generated applicants did.
    user.date_joined = plan.created_at
    user.save(update_fields=["date_joined"])
    region_ids = dict(Region.objects.values_list("code", "id"))
    direction_ids = dict(Direction.objects.values_list("code", "id"))
    [application] = rows.applications_insert(
        season=season, plans=[plan], users=[user], region_ids=region_ids, direction_ids=direction_ids
    )
    rows.portfolios_insert(rows=[application], plans=[plan])
    rows.consents_insert(rows=[application], plans=[plan])
    return application
