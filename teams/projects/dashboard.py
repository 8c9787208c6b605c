"""The media projects' figures on the season's dashboard (``topblog.dashboard``): projects
by status per direction, reports on time and late per checkpoint, and the total reach at
each checkpoint. Registered in ``ProjectsConfig.ready()``; each figure is one aggregate
query, so the page's count stays the same however many projects there are. Counts only,
no names: leadership sees every direction, a curator theirs."""

from django.db.models import Count, Q, Sum
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from teams.projects.models import Checkpoint, MediaProject, ProjectStatus, ReachFigure
from teams.projects.selectors import MEASURES
from topblog.dashboard.figures import Bar, BarChart, Contribution, Section, Table
from topblog.dashboard.registry import ALL_AUDIENCES, Provider, Scope
from topblog.dashboard.selectors import direction_name
from topblog.tracks.selectors import direction_list


def _in_scope(prefix: str, scope: Scope) -> Q:
    condition = Q(**{f"{prefix}team__season": scope.season})
    if scope.direction is not None:
        condition &= Q(**{f"{prefix}team__direction": scope.direction})
    return condition


def _status_table(scope: Scope) -> Table:
    counts = {
        (row["team__direction_id"], row["status"]): row["count"]
        for row in MediaProject.objects.filter(_in_scope("", scope))
        .values("team__direction_id", "status")
        .annotate(count=Count("pk"))
        .order_by()
    }
    directions = [scope.direction] if scope.direction is not None else list(direction_list())
    rows = []
    for direction in directions:
        by_status = [counts.get((direction.pk, status), 0) for status in ProjectStatus.values]
        rows.append((direction_name(direction), *by_status, sum(by_status)))
    if len(rows) > 1:
        rows.append((_("Все направления"), *(sum(r[i] for r in rows) for i in range(1, len(rows[0])))))
    return Table(
        key="projects-status",
        caption=_("Медиапроекты по статусам"),
        columns=(_("Направление"), *(str(label) for label in ProjectStatus.labels), _("Всего")),
        rows=tuple(rows),
    )


def _checkpoints(scope: Scope) -> tuple[Table, Table, BarChart]:
    checkpoints = list(
        Checkpoint.objects.filter(season=scope.season)
        .annotate(
            on_time=Count(
                "reports", filter=Q(reports__is_late=False) & _in_scope("reports__project__", scope)
            ),
            late=Count("reports", filter=Q(reports__is_late=True) & _in_scope("reports__project__", scope)),
        )
        .order_by("due_at", "number")
    )
    projects = MediaProject.objects.filter(_in_scope("", scope)).count()
    reach = {
        row["checkpoint_id"]: row
        for row in ReachFigure.objects.filter(
            _in_scope("link__project__", scope), checkpoint__season=scope.season
        )
        .values("checkpoint_id")
        .annotate(**{m: Sum(m) for m in MEASURES})
        .order_by()
    }
    reports = Table(
        key="projects-reports",
        caption=_("Отчёты по контрольным точкам"),
        columns=(_("Контрольная точка"), _("Срок"), _("В срок"), _("С опозданием"), _("Нет отчёта")),
        rows=tuple(
            (
                c.title,
                date_format(localtime(c.due_at), "DATE_FORMAT"),
                c.on_time,
                c.late,
                max(projects - c.on_time - c.late, 0) if c.due_at <= scope.now else None,
            )
            for c in checkpoints
        ),
    )
    totals = Table(
        key="projects-reach",
        caption=_("Суммарный охват публикаций на дату контрольной точки"),
        columns=(_("Контрольная точка"), _("Просмотры"), _("Реакции"), _("Комментарии"), _("Репосты")),
        rows=tuple((c.title, *(reach.get(c.pk, {}).get(m) or 0 for m in MEASURES)) for c in checkpoints),
    )
    chart = BarChart(
        title=_("Просмотры публикаций по контрольным точкам"),
        bars=tuple(
            Bar(label=c.title, value=float(reach.get(c.pk, {}).get("views") or 0)) for c in checkpoints
        ),
        table_key="projects-reach",
    )
    return reports, totals, chart


def collect(scope: Scope) -> Contribution:
    reports, totals, chart = _checkpoints(scope)
    return Contribution(
        sections=(
            Section(
                key="projects",
                position=450,
                title=_("Медиапроекты команд"),
                tables=(_status_table(scope), reports, totals),
                charts=(chart,),
                intro=_(
                    "Охват — сумма значений, которые площадки показывают на дату контрольной точки, "
                    "по всем ссылкам проектов. «Нет отчёта» считается после срока точки."
                ),
            ),
        )
    )


PROVIDERS = (Provider(key="projects", audiences=ALL_AUDIENCES, collect=collect),)
