"""The intake stage's figures on the dashboard, checked against counts taken another way:
the rows read one by one and counted in Python."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from applications.dashboard import daily_collect, funnel_collect, regions_collect
from applications.models import (
    ApplicantRole,
    Application,
    ApplicationDirection,
    ApplicationStatus,
    StatusChange,
)
from tests.dashboard.seasons import application, demo_season
from tests.factories import SeasonFactory, UserFactory, applicant
from topblog.accounts.models import Role, User
from topblog.dashboard.registry import Audience, Scope
from topblog.dashboard.selectors import season_previous
from topblog.tracks.models import Direction, Region, Season, Stage, StageKind
from topblog.tracks.selectors import season_current

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def scope_of(season: Season, audience=Audience.ORGANIZERS, direction=None, now=None) -> Scope:
    season = season_current() if season.is_current else season
    return Scope(audience=audience, season=season, previous_season=season_previous(season),
                 direction=direction, now=now or timezone.now())


def rows_of(season: Season) -> list[dict]:
    """Every application of the season with what the funnel asks of it, read row by row."""
    first = dict(ApplicationDirection.objects.filter(rank=1).values_list("application_id", "direction__code"))
    reviews = StatusChange.objects.filter(to_status=S.UNDER_REVIEW)
    reviewed = set(reviews.values_list("application_id", flat=True))
    return [
        {**row, "direction": first.get(row["pk"], ""), "reviewed": row["pk"] in reviewed}
        for row in Application.objects.filter(season=season).values(
            "pk", "role", "status", "submitted_at", "region_id", "created_at"
        )
    ]


def steps_of(contribution) -> dict:
    return {step.key: step for step in contribution.funnel}


@pytest.fixture
def season():
    made = demo_season()
    # A withdrawal during review, which the generator does not make: it reached review.
    late = Application.objects.filter(season=made, status=S.NOT_SELECTED).first()
    Application.objects.filter(pk=late.pk).update(status=S.WITHDRAWN)
    return made


def test_the_funnel_counts_each_step_as_the_applications_counted_one_by_one(season):
    rows = rows_of(season)
    steps = steps_of(funnel_collect(scope_of(season)))
    reached = {
        "applications-started": lambda r: True,
        "applications-drafts": lambda r: r["status"] == S.DRAFT,
        "applications-submitted": lambda r: r["submitted_at"] is not None,
        "applications-review": lambda r: r["reviewed"],
        "applications-selected": lambda r: r["status"] == S.SELECTED,
        "applications-not_selected": lambda r: r["status"] == S.NOT_SELECTED,
        "applications-withdrawn": lambda r: r["status"] == S.WITHDRAWN,
    }
    for key, passed in reached.items():
        counted = [r for r in rows if passed(r)]
        step = steps[key]
        assert step.total == len(counted), key
        assert dict(step.by_role) == {str(ApplicantRole(role).label): n
                                      for role, n in Counter(r["role"] for r in counted).items()}, key
        by_direction = {k: v for k, v in step.by_direction.items() if v}
        assert by_direction == dict(Counter(r["direction"] for r in counted)), key
    assert steps["applications-selected"].total > 0 and steps["applications-withdrawn"].total > 0
    quota = {"Блогер": 600, "Представитель министерства": 100, "total": 700}
    assert steps["applications-selected"].quota == quota


def test_accounts_are_this_seasons_applicants_registered_and_confirmed(season):
    window = season.stages.get(kind=StageKind.APPLICATIONS)
    before = window.starts_at - timedelta(days=400)
    unconfirmed = UserFactory(roles=[Role.APPLICANT], email_confirmed_at=None, is_active=False)
    gone = applicant()
    returning = applicant()
    User.objects.filter(pk__in=[gone.pk, returning.pk]).update(date_joined=before)
    Application.objects.create(season=season, applicant=returning)
    steps = steps_of(funnel_collect(scope_of(season)))
    in_season = set(Application.objects.filter(season=season).values_list("applicant_id", flat=True))
    counted = [u for u in User.objects.filter(groups__name=Role.APPLICANT)
               if u.date_joined >= window.starts_at or u.pk in in_season]
    assert unconfirmed in counted and returning in counted and gone not in counted
    assert steps["accounts-registered"].total == len(counted)
    assert steps["accounts-confirmed"].total == len([u for u in counted if u.email_confirmed_at])
    assert steps["accounts-registered"].by_role is None and steps["accounts-registered"].by_direction is None


def test_a_curators_funnel_counts_their_direction_only(season):
    health = Direction.objects.get(code="health")
    rows = [r for r in rows_of(season) if r["direction"] == "health"]
    steps = steps_of(funnel_collect(scope_of(season, Audience.CURATOR, health)))
    assert "accounts-registered" not in steps
    assert steps["applications-started"].total == len(rows) > 0
    assert steps["applications-submitted"].total == len([r for r in rows if r["submitted_at"]])
    assert set(steps["applications-started"].by_direction) == {"health"}
    assert steps["applications-selected"].quota is None
    (section,) = funnel_collect(scope_of(season, Audience.CURATOR, health)).sections
    ((name, *_counts),) = section.tables[0].rows
    assert name == "Здравоохранение"


def test_the_directions_table_crosses_role_and_direction(season):
    rows = rows_of(season)
    (section,) = funnel_collect(scope_of(season)).sections
    table = {row[0]: row[1:] for row in section.tables[0].rows}
    for direction in Direction.objects.all():
        mine = [r for r in rows if r["direction"] == direction.code]
        submitted = Counter(r["role"] for r in mine if r["submitted_at"])
        selected = Counter(r["role"] for r in mine if r["status"] == S.SELECTED)
        assert table[direction.name] == (
            submitted["blogger"], submitted["official"], selected["blogger"], selected["official"],
            selected["blogger"] + selected["official"],
        )
    assert table["Все направления"][4] == len([r for r in rows if r["status"] == S.SELECTED])


def test_regions_count_submitted_and_selected_people_and_leave_empty_regions_out(season):
    rows = rows_of(season)
    measures = {m.key: m for m in regions_collect(scope_of(season)).region_measures}
    submitted = Counter(r["region_id"] for r in rows if r["submitted_at"] and r["region_id"])
    selected = Counter(r["region_id"] for r in rows if r["status"] == S.SELECTED and r["region_id"])
    assert dict(measures["submitted"].counts) == dict(submitted)
    assert dict(measures["submitted-per-100k"].counts) == dict(submitted)
    assert dict(measures["selected"].counts) == dict(selected)
    assert measures["submitted-per-100k"].per_100k and not measures["submitted"].per_100k
    # 300 applications leave some of the 89 regions without one.
    empty = set(Region.objects.values_list("pk", flat=True)) - set(submitted)
    assert empty and not empty & set(measures["submitted"].counts)


def test_applications_per_day_add_up_to_the_season_and_follow_the_window(season):
    rows = rows_of(season)
    (section,) = daily_collect(scope_of(season)).sections
    (table,) = section.tables
    window = season.stages.get(kind=StageKind.APPLICATIONS)
    first = timezone.localdate(window.starts_at)
    started = Counter(timezone.localdate(r["created_at"]) for r in rows)
    submitted = Counter(timezone.localdate(r["submitted_at"]) for r in rows if r["submitted_at"])
    for date_text, day, started_today, submitted_today, *_totals in table.rows:
        date = first + timedelta(days=day - 1)
        assert date.strftime("%d.%m.%Y") == date_text
        assert (started_today, submitted_today) == (started[date], submitted[date])
    last = table.rows[-1]
    assert (last[4], last[5]) == (len(rows), len([r for r in rows if r["submitted_at"]]))
    cumulative, daily = section.charts
    assert cumulative.series[1].values[len(table.rows) - 1] == last[5]
    assert len(daily.x_labels) == len(daily.series[0].values)


def test_the_previous_seasons_curve_is_aligned_on_the_day_of_its_window():
    current = SeasonFactory(number=6)
    previous = SeasonFactory(number=5, is_current=False, stages=False)
    window = current.stages.get(kind=StageKind.APPLICATIONS)
    last_year = window.starts_at - timedelta(days=364)
    Stage.objects.create(season=previous, kind=StageKind.APPLICATIONS, starts_at=last_year,
                         ends_at=last_year + timedelta(days=30))
    for day in (0, 0, 2):
        application(previous, created_at=last_year + timedelta(days=day, hours=1),
                    submitted_at=last_year + timedelta(days=day, hours=2))
    application(current, created_at=window.starts_at + timedelta(hours=1),
                submitted_at=window.starts_at + timedelta(hours=3))
    (section,) = daily_collect(scope_of(current)).sections
    (table,) = section.tables
    assert table.columns[-1] == "Сезон 5: подали, всего"
    assert [row[-1] for row in table.rows[:4]] == [2, 2, 3, 3]
    assert (table.rows[0][3], table.rows[0][5]) == (1, 1)
    cumulative, _daily = section.charts
    assert cumulative.series[-1].dashed and cumulative.series[-1].values[:4] == (2, 2, 3, 3)
    # Days still to come have no figure for this season, the previous one's full window does.
    assert cumulative.series[1].values[-1] is None and cumulative.series[-1].values[-1] == 3


def test_a_season_with_no_applications_has_zeros_everywhere_and_no_region():
    season = SeasonFactory()
    contribution = funnel_collect(scope_of(season))
    assert all(step.total == 0 for step in contribution.funnel)
    assert all(not m.counts for m in regions_collect(scope_of(season)).region_measures)
    (section,) = daily_collect(scope_of(season)).sections
    assert all(row[2:] == (0, 0, 0, 0) for row in section.tables[0].rows)


def test_a_season_without_an_application_window_says_so():
    season = SeasonFactory(stages=False)
    (section,) = daily_collect(scope_of(season)).sections
    assert section.tables == () and "Приём заявок" in section.intro
