"""The programme's figures on the season's dashboard (``topblog.dashboard``): two steps of
the funnel (completed the programme, that is holding a valid certificate; confirmed a
place in the team module), finalists per region for the map, and a section per
direction: trainees, attendance, certificates and finalists by state. Registered in
``ModulesConfig.ready()``; each figure is one aggregate query. The map is the
organizers' only, as the applications' is.

Trainees and certificates count by the application's first direction, as selection does;
finalists by the direction of their team. A curator's figures are their direction's."""

from collections import Counter, defaultdict

from django.db.models import Count, F, FilteredRelation, Q, QuerySet
from django.utils.translation import gettext as _

from applications.models import ApplicantRole, Application, ApplicationStatus
from modules.models import Attendance, Finalist, FinalistStatus
from modules.models.finalists import PUBLISHED_STATUSES, SEATED_STATUSES
from topblog.dashboard.figures import Contribution, FunnelStep, RegionMeasure, Section, Share, Table
from topblog.dashboard.registry import ALL_AUDIENCES, ORGANIZERS_ONLY, Provider, Scope
from topblog.dashboard.selectors import direction_name
from topblog.tracks.selectors import direction_list

F_ = FinalistStatus


def _first_choice(queryset: QuerySet, prefix: str, scope: Scope) -> QuerySet:
    """``queryset`` with the application's first direction joined, only the curator's
    direction on a curator's page."""
    queryset = queryset.annotate(
        first_choice=FilteredRelation(
            f"{prefix}direction_choices", condition=Q(**{f"{prefix}direction_choices__rank": 1})
        )
    )
    if scope.direction is not None:
        queryset = queryset.filter(first_choice__direction=scope.direction)
    return queryset


def _role_label(role: str) -> str:
    return str(ApplicantRole(role).label) if role else _("роль не выбрана")


def collect(scope: Scope) -> Contribution:
    season = scope.season
    trainees = _first_choice(
        Application.objects.filter(season=season, status=ApplicationStatus.SELECTED), "", scope
    )
    groups = (
        trainees.values("role", direction_id=F("first_choice__direction_id"))
        .annotate(
            trainees=Count("pk"),
            certified=Count("pk", filter=Q(certificate__isnull=False, certificate__revoked_at__isnull=True)),
            confirmed=Count("pk", filter=Q(finalist__status=F_.CONFIRMED)),
        )
        .order_by()
    )
    directions = [scope.direction] if scope.direction is not None else list(direction_list())
    codes = {d.pk: d.code for d in directions}
    totals: Counter = Counter()
    by_role: dict[str, Counter] = defaultdict(Counter)
    by_direction: dict[str, Counter] = defaultdict(Counter)
    for group in groups:
        code = codes.get(group["direction_id"], "")
        for name in ("trainees", "certified", "confirmed"):
            totals[name] += group[name]
            by_role[name][_role_label(group["role"])] += group[name]
            by_direction[name][code] += group[name]

    marks = (
        _first_choice(
            Attendance.objects.filter(
                session__stage__season=season,
                session__module__isnull=False,
                application__status=ApplicationStatus.SELECTED,
            ),
            "application__",
            scope,
        )
        .values(direction_id=F("first_choice__direction_id"))
        .annotate(marked=Count("pk"), present=Count("pk", filter=Q(present=True)))
        .order_by()
    )
    attendance = {codes.get(m["direction_id"], ""): (m["present"], m["marked"]) for m in marks}

    finalists = Finalist.objects.filter(season=season, status__in=PUBLISHED_STATUSES)
    if scope.direction is not None:
        finalists = finalists.filter(direction=scope.direction)
    states: dict[tuple[str, str], int] = {
        (codes.get(row["direction_id"], ""), row["status"]): row["count"]
        for row in finalists.values("direction_id", "status").annotate(count=Count("pk")).order_by()
    }
    quota = None if scope.direction is not None else {"total": season.finalists_quota}
    funnel = (
        FunnelStep(
            key="programme-certified",
            position=600,
            label=_("Завершили программу ДПО"),
            total=totals["certified"],
            by_role=dict(by_role["certified"]),
            by_direction=dict(by_direction["certified"]),
        ),
        FunnelStep(
            key="finalists-confirmed",
            position=700,
            label=_("Подтвердили участие в командном модуле"),
            total=totals["confirmed"],
            by_role=dict(by_role["confirmed"]),
            by_direction=dict(by_direction["confirmed"]),
            quota=quota,
        ),
    )
    return Contribution(funnel=funnel, sections=(_section(directions, by_direction, attendance, states),))


def regions_collect(scope: Scope) -> Contribution:
    """Finalists invited or confirmed per region, for the organizers' map."""
    seated_by_region = {
        row["application__region_id"]: row["count"]
        for row in Finalist.objects.filter(
            season=scope.season, status__in=SEATED_STATUSES, application__region__isnull=False
        )
        .values("application__region_id")
        .annotate(count=Count("pk"))
        .order_by()
    }
    return Contribution(
        region_measures=(
            RegionMeasure(
                key="programme-finalists",
                position=300,
                label=_("Финалисты (приглашены и подтвердили)"),
                counts=seated_by_region,
            ),
        ),
    )


def _section(directions, by_direction, attendance, states) -> Section:
    def attended(code: str) -> Share:
        present, marked = attendance.get(code, (0, 0))
        return Share(present / marked if marked else None)

    def finalists(code: str, *statuses: str) -> int:
        return sum(states.get((code, status), 0) for status in statuses)

    rows = tuple(
        (
            direction_name(d),
            by_direction["trainees"][d.code],
            attended(d.code),
            by_direction["certified"][d.code],
            finalists(d.code, F_.INVITED),
            finalists(d.code, F_.CONFIRMED),
            finalists(d.code, F_.WAITING),
            finalists(d.code, F_.DECLINED, F_.EXPIRED),
        )
        for d in directions
    )
    if len(rows) > 1:
        present = sum(p for p, _m in attendance.values())
        marked = sum(m for _p, m in attendance.values())
        rows += (
            (
                _("Все направления"),
                sum(r[1] for r in rows),
                Share(present / marked if marked else None),
                *(sum(r[i] for r in rows) for i in range(3, 8)),
            ),
        )
    table = Table(
        key="programme-directions",
        caption=_("Программа ДПО и финалисты по направлениям"),
        columns=(
            _("Направление"),
            _("Участников программы"),
            _("Присутствий среди отметок"),
            _("Удостоверений"),
            _("Финалисты: ждут ответа"),
            _("Финалисты: подтвердили"),
            _("Лист ожидания"),
            _("Отказались или не ответили"),
        ),
        rows=rows,
    )
    return Section(
        key="programme",
        position=300,
        title=_("Программа ДПО и финалисты"),
        tables=(table,),
        intro=_(
            "Участники и удостоверения — по первому направлению заявки, финалисты — по направлению "
            "их команды. Посещаемость — доля отметок «присутствовал» среди всех отметок занятий программы."
        ),
    )


PROVIDERS = (
    Provider(key="programme", audiences=ALL_AUDIENCES, collect=collect),
    Provider(key="programme-regions", audiences=ORGANIZERS_ONLY, collect=regions_collect),
)
