"""The intake stage's figures on the season's dashboard (``topblog.dashboard``): the
funnel from registered accounts to selection, submitted and selected people per region
for the map, and applications per day through the window. Registered in
``ApplicationsConfig.ready()``; every figure is one aggregate query.

A curator's figures count the applications whose first direction is theirs (an
official's first direction is their ministry's), as selection does."""

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from applications.models import ApplicantRole, Application, ApplicationStatus, StatusChange
from topblog.accounts.models import Role, User
from topblog.dashboard.figures import (
    Contribution,
    FunnelStep,
    LineChart,
    RegionMeasure,
    Section,
    Series,
    Table,
)
from topblog.dashboard.functions import LocalDate
from topblog.dashboard.registry import ALL_AUDIENCES, ORGANIZERS_ONLY, Provider, Scope
from topblog.dashboard.selectors import direction_name
from topblog.tracks.models import Direction, Season, StageKind
from topblog.tracks.selectors import application_window, direction_list

S = ApplicationStatus
REVIEWED_OR_DECIDED = [S.UNDER_REVIEW, S.SELECTED, S.NOT_SELECTED]


def _applications(scope: Scope) -> QuerySet[Application]:
    """The season's applications, with their first direction joined (LEFT JOIN, one row
    per application), only the curator's direction on a curator's page."""
    applications = Application.objects.filter(season=scope.season).annotate(
        first_choice=FilteredRelation("direction_choices", condition=Q(direction_choices__rank=1))
    )
    if scope.direction is not None:
        applications = applications.filter(first_choice__direction=scope.direction)
    return applications


def _role_label(role: str) -> str:
    return str(ApplicantRole(role).label) if role else _("роль не выбрана")


def funnel_collect(scope: Scope) -> Contribution:
    """Accounts, applications started, submitted, under review and selected, by role and
    first direction; still drafts, withdrawn and not selected beside the chain.

    An application counts at every step it has passed: a withdrawn one that had been
    submitted counts as submitted, and as having reached review if its history shows it."""
    reached_review = Q(status__in=REVIEWED_OR_DECIDED) | Q(
        Q(status=S.WITHDRAWN),
        Exists(StatusChange.objects.filter(application=OuterRef("pk"), to_status=S.UNDER_REVIEW)),
    )
    counts = {
        "started": Count("pk"),
        "drafts": Count("pk", filter=Q(status=S.DRAFT)),
        "submitted": Count("pk", filter=Q(submitted_at__isnull=False)),
        "review": Count("pk", filter=reached_review),
        "selected": Count("pk", filter=Q(status=S.SELECTED)),
        "not_selected": Count("pk", filter=Q(status=S.NOT_SELECTED)),
        "withdrawn": Count("pk", filter=Q(status=S.WITHDRAWN)),
    }
    groups = (
        _applications(scope)
        .values("role", direction_id=F("first_choice__direction_id"))
        .annotate(**counts)
        .order_by()
    )
    directions = [scope.direction] if scope.direction is not None else list(direction_list())
    codes = {direction.pk: direction.code for direction in directions}
    totals: dict[str, int] = Counter()
    by_role: dict[str, Counter] = defaultdict(Counter)
    by_direction: dict[str, Counter] = defaultdict(Counter)
    crossed: dict[tuple[str, str, str], int] = Counter()
    # At most (roles × directions) groups: adding up the database's sums.
    for group in groups:
        code = codes.get(group["direction_id"], "")
        for name in counts:
            totals[name] += group[name]
            by_role[name][_role_label(group["role"])] += group[name]
            by_direction[name][code] += group[name]
            crossed[name, code, group["role"]] += group[name]

    def step(name: str, position: int, label: str, **options) -> FunnelStep:
        return FunnelStep(
            key=f"applications-{name}", position=position, label=label, total=totals[name],
            by_role=dict(by_role[name]), by_direction=dict(by_direction[name]), **options,
        )

    season = scope.season
    quota = None
    if scope.direction is None:
        quota = {
            str(ApplicantRole.BLOGGER.label): season.bloggers_quota,
            str(ApplicantRole.OFFICIAL.label): season.officials_quota,
            "total": season.selection_quota,
        }
    steps = [
        step("started", 200, _("Начали заявку")),
        step("drafts", 210, _("Ещё черновик"), in_chain=False, share_of="applications-started"),
        step("submitted", 300, _("Подали заявку")),
        step("review", 400, _("Дошли до экспертизы")),
        step("selected", 500, _("Отобраны"), quota=quota),
        step("not_selected", 510, _("Не отобраны"), in_chain=False, share_of="applications-review"),
        step("withdrawn", 520, _("Отозвали заявку"), in_chain=False, share_of="applications-started"),
    ]
    if scope.direction is None:
        # An account has no role or direction until its application says: a curator's
        # page starts at the applications.
        steps[:0] = _account_steps(season)
    return Contribution(funnel=tuple(steps), sections=(_directions_section(directions, crossed),))


def _directions_section(directions: list[Direction], crossed: dict[tuple[str, str, str], int]) -> Section:
    """What the ministries ask first: bloggers and officials who applied to each
    direction and who were selected in it."""
    roles = (ApplicantRole.BLOGGER, ApplicantRole.OFFICIAL)
    rows = tuple(
        (direction_name(direction),
         *(crossed["submitted", direction.code, role] for role in roles),
         *(crossed["selected", direction.code, role] for role in roles),
         sum(crossed["selected", direction.code, role] for role in roles))
        for direction in directions
    )
    if len(rows) > 1:
        rows += ((_("Все направления"), *(sum(column) for column in list(zip(*rows, strict=True))[1:])),)
    table = Table(
        key="applications-directions",
        caption=_("Блогеры и представители министерств по направлениям"),
        columns=(_("Направление"), _("Подали: блогеры"), _("Подали: представители министерств"),
                 _("Отобраны: блогеры"), _("Отобраны: представители министерств"), _("Отобраны всего")),
        rows=rows,
    )
    return Section(
        key="applications-directions", position=90, title=_("Направления"), tables=(table,),
        intro=_("По первому направлению заявки; у представителя министерства это направление "
                "его министерства."),
    )


def _account_steps(season: Season) -> list[FunnelStep]:
    """Applicants' accounts of this season: those registered since its window opened,
    and those of earlier seasons who started an application in it."""
    in_season = Exists(Application.objects.filter(season=season, applicant=OuterRef("pk")))
    window = application_window(season=season)
    joined = (in_season | Q(date_joined__gte=window.starts_at)) if window else in_season
    accounts = User.objects.filter(joined, groups__name=Role.APPLICANT).aggregate(
        registered=Count("pk"), confirmed=Count("pk", filter=Q(email_confirmed_at__isnull=False))
    )
    return [
        FunnelStep(key="accounts-registered", position=100, label=_("Зарегистрировались"),
                   total=accounts["registered"]),
        FunnelStep(key="accounts-confirmed", position=110, label=_("Подтвердили почту"),
                   total=accounts["confirmed"]),
    ]


def regions_collect(scope: Scope) -> Contribution:
    """Submitted applications (per 100,000 people and as counts) and selected people per
    region; the tiles link to the admin's list of the same applications."""
    groups = (
        Application.objects.filter(season=scope.season, region__isnull=False)
        .values("region_id")
        .annotate(
            submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
            selected=Count("pk", filter=Q(status=S.SELECTED)),
        )
        .order_by()
    )
    submitted = {g["region_id"]: g["submitted"] for g in groups if g["submitted"]}
    selected = {g["region_id"]: g["selected"] for g in groups if g["selected"]}
    changelist = reverse("admin:applications_application_changelist")
    season_query = {"season__id__exact": scope.season.pk}
    # The list's date hierarchy on submitted_at admits this lookup: the list then shows
    # exactly the applications the tile counts.
    submitted_url = f"{changelist}?{urlencode({**season_query, 'submitted_at__isnull': 'False'})}"
    selected_url = f"{changelist}?{urlencode({**season_query, 'status__exact': S.SELECTED})}"
    return Contribution(region_measures=(
        RegionMeasure(key="submitted-per-100k", position=100, label=_("Поданные заявки на 100 000 жителей"),
                      counts=submitted, per_100k=True, list_url=submitted_url),
        RegionMeasure(key="submitted", position=110, label=_("Поданные заявки"), counts=submitted,
                      list_url=submitted_url),
        RegionMeasure(key="selected", position=200, label=_("Отобранные участники"), counts=selected,
                      list_url=selected_url),
    ))


def _per_day(seasons: list[Season], field: str, *, now: datetime) -> dict[tuple[int, date], int]:
    """Applications per (season, Moscow day) of ``field``, in one GROUP BY."""
    rows = (
        Application.objects.filter(season__in=seasons, **{f"{field}__isnull": False})
        .annotate(day=LocalDate(field, at=now))
        .values("season_id", "day")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {(row["season_id"], row["day"]): row["count"] for row in rows}


def _running(values: list[int | None]) -> list[int | None]:
    total, out = 0, []
    for value in values:
        if value is None:
            out.append(None)
            continue
        total += value
        out.append(total)
    return out


def daily_collect(scope: Scope) -> Contribution:
    """Drafts started and applications submitted per day of the application window,
    daily and cumulative, beside the previous season's submissions on the same day of
    its own window."""
    title = _("Заявки по дням")
    window = application_window(season=scope.season)
    if window is None:
        return Contribution(sections=(Section(
            key="applications-daily", position=100, title=title, tables=(),
            intro=_("У сезона не задан этап «%(stage)s».") % {"stage": StageKind.APPLICATIONS.label},
        ),))
    previous = scope.previous_season
    previous_window = application_window(season=previous) if previous is not None else None
    seasons = [scope.season] + ([previous] if previous_window is not None else [])
    started = _per_day(seasons, "created_at", now=scope.now)
    submitted = _per_day(seasons, "submitted_at", now=scope.now)
    first = timezone.localdate(window.starts_at)
    length = (timezone.localdate(window.ends_at) - first).days + 1
    if previous_window is not None:
        length = max(length, (timezone.localdate(previous_window.ends_at)
                              - timezone.localdate(previous_window.starts_at)).days + 1)
    today = timezone.localdate(scope.now)
    days = [first + timedelta(days=i) for i in range(length)]
    # Days still to come have no figure yet, rather than a zero.
    shown = [day for day in days if day <= today]
    daily_started = [started.get((scope.season.pk, d), 0) if d <= today else None for d in days]
    daily_submitted = [submitted.get((scope.season.pk, d), 0) if d <= today else None for d in days]
    series_daily = [Series(_("Начали заявку"), tuple(daily_started)),
                    Series(_("Подали заявку"), tuple(daily_submitted))]
    series_total = [Series(_("Начали заявку, всего"), tuple(_running(daily_started))),
                    Series(_("Подали заявку, всего"), tuple(_running(daily_submitted)))]
    columns = [_("Дата"), _("День приёма"), _("Начали заявку"), _("Подали заявку"),
               _("Начали, всего"), _("Подали, всего")]
    previous_total: list[int | None] = []
    if previous_window is not None:
        previous_first = timezone.localdate(previous_window.starts_at)
        previous_daily = [submitted.get((previous.pk, previous_first + timedelta(days=i)), 0)
                          for i in range(length)]
        previous_total = _running(previous_daily)
        label = _("Сезон %(number)s: подали заявку") % {"number": previous.number}
        series_daily.append(Series(label, tuple(previous_daily), dashed=True))
        series_total.append(Series(label + _(", всего"), tuple(previous_total), dashed=True))
        columns.append(_("Сезон %(number)s: подали, всего") % {"number": previous.number})
    cumulative_started, cumulative_submitted = _running(daily_started), _running(daily_submitted)
    rows = tuple(
        (date_format(day, "SHORT_DATE_FORMAT"), i + 1, daily_started[i], daily_submitted[i],
         cumulative_started[i], cumulative_submitted[i], *previous_total[i:i + 1])
        for i, day in enumerate(shown)
    )
    table = Table(key="applications-daily", caption=_("Заявки по дням приёма"), columns=tuple(columns),
                  rows=rows, folded=True)
    x_labels = tuple(date_format(day, "j b") for day in days)
    return Contribution(sections=(Section(
        key="applications-daily", position=100, title=title, tables=(table,),
        charts=(
            LineChart(_("Заявки нарастающим итогом"), x_labels, tuple(series_total), table.key),
            LineChart(_("Заявки за день"), x_labels, tuple(series_daily), table.key),
        ),
        intro=_("Приём заявок: %(start)s — %(end)s (московское время).") % {
            "start": date_format(timezone.localtime(window.starts_at), "DATE_FORMAT"),
            "end": date_format(timezone.localtime(window.ends_at), "DATE_FORMAT"),
        },
    ),))


PROVIDERS = (
    Provider(key="applications-funnel", audiences=ALL_AUDIENCES, collect=funnel_collect),
    Provider(key="applications-regions", audiences=ORGANIZERS_ONLY, collect=regions_collect),
    Provider(key="applications-daily", audiences=ORGANIZERS_ONLY, collect=daily_collect),
)
