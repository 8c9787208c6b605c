"""The review stage's figures on the season's dashboard (``topblog.dashboard``): the
funnel's step of applications every assigned expert has reviewed, for every audience
(counts only; a curator's count is of their direction), and the review's progress per
direction and per expert, with the experts' names, for organizers only. Registered in
``ReviewConfig.ready()``; one aggregate query per figure."""

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext as _

from applications.models import ApplicantRole, Application, ReviewAssignment
from applications.review import selectors
from applications.review.models import ReviewState
from topblog.dashboard.figures import Bar, BarChart, Contribution, FunnelStep, Section, Share, Table
from topblog.dashboard.registry import ALL_AUDIENCES, ORGANIZERS_ONLY, Provider, Scope


def reviewed_collect(scope: Scope) -> Contribution:
    """Applications whose every active assignment has a submitted review, by role and
    first direction."""
    active = ReviewAssignment.objects.filter(application=OuterRef("pk"), cancelled_at__isnull=True)
    reviewed = Application.objects.filter(
        Exists(active.filter(review__state=ReviewState.SUBMITTED)),
        ~Exists(active.exclude(review__state=ReviewState.SUBMITTED)),
        season=scope.season,
    )
    if scope.direction is not None:
        reviewed = reviewed.filter(direction_choices__rank=1, direction_choices__direction=scope.direction)
    groups = (
        reviewed.annotate(direction=selectors.first_direction())
        .values("role", "direction")
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_role: dict[str, int] = {}
    by_direction: dict[str, int] = {}
    for group in groups:
        role = str(ApplicantRole(group["role"]).label) if group["role"] else _("роль не выбрана")
        by_role[role] = by_role.get(role, 0) + group["count"]
        by_direction[group["direction"] or ""] = (
            by_direction.get(group["direction"] or "", 0) + group["count"]
        )
    step = FunnelStep(
        key="review-reviewed",
        position=450,
        label=_("Оценены экспертами"),
        total=sum(by_role.values()),
        by_role=by_role,
        by_direction=by_direction,
    )
    return Contribution(funnel=(step,))


def _table(
    key: str, caption: str, first_column: str, rows: list[selectors.ProgressRow], folded: bool
) -> Table:
    return Table(
        key=key,
        caption=caption,
        columns=(
            first_column,
            _("Назначено"),
            _("Оценено"),
            _("Осталось"),
            _("После срока"),
            _("Оценено, доля"),
        ),
        rows=tuple(
            (
                row.label,
                row.assigned,
                row.done,
                row.left,
                row.overdue,
                Share(row.done / row.assigned if row.assigned else None),
            )
            for row in rows
        ),
        folded=folded,
    )


def progress_collect(scope: Scope) -> Contribution:
    """Assigned, reviewed, left and overdue per first direction and per expert."""
    by_direction = selectors.review_progress_by_direction(season_id=scope.season.pk, now=scope.now)
    by_expert = selectors.review_progress_by_expert(season_id=scope.season.pk, now=scope.now)
    directions = _table(
        "review-directions",
        _("Экспертиза по направлениям"),
        _("Первое направление"),
        by_direction,
        folded=False,
    )
    experts = _table("review-experts", _("Экспертиза по экспертам"), _("Эксперт"), by_expert, folded=True)
    chart = BarChart(
        title=_("Оценено, по направлениям"),
        bars=tuple(Bar(label=row.label, value=row.done, note=f"/ {row.assigned}") for row in by_direction),
        table_key=directions.key,
    )
    return Contribution(
        sections=(
            Section(
                key="review-progress",
                position=200,
                title=_("Ход экспертизы"),
                tables=(directions, experts),
                charts=(chart,) if by_direction else (),
                intro=_(
                    "Назначения экспертов на заявки сезона; снятые с отстранённых экспертов не считаются."
                ),
            ),
        )
    )


PROVIDERS = (
    Provider(key="review-reviewed", audiences=ALL_AUDIENCES, collect=reviewed_collect),
    Provider(key="review-progress", audiences=ORGANIZERS_ONLY, collect=progress_collect),
)
