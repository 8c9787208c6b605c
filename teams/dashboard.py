"""The teams' figures on the season's dashboard (``topblog.dashboard``): the funnel's
step of finalists in a team, and a table per team: size against capacity, bloggers and
officials, the share of members placed in their first-choice direction, and the spread
of regions (distinct regions, the largest number from one region). Counts only, so every
audience sees them; a curator's are their direction's team. Two aggregate queries
whatever the season's size. Registered in ``TeamsConfig.ready()``."""

from collections import defaultdict

from django.db.models import Count, F, Q
from django.db.models.fields.json import KeyTextTransform
from django.utils.translation import gettext as _

from applications.models import ApplicantRole
from teams.models import Membership, Team
from topblog.dashboard.figures import Contribution, FunnelStep, Section, Share, Table
from topblog.dashboard.registry import ALL_AUDIENCES, Provider, Scope
from topblog.dashboard.selectors import direction_name

BLOGGER, OFFICIAL = ApplicantRole.BLOGGER, ApplicantRole.OFFICIAL


def collect(scope: Scope) -> Contribution:
    teams = Team.objects.filter(season=scope.season).select_related("direction")
    members = Membership.objects.filter(team__season=scope.season)
    if scope.direction is not None:
        teams = teams.filter(direction=scope.direction)
        members = members.filter(team__direction=scope.direction)
    stated = Q(finalist__team_preference__isnull=False)
    first_choice = KeyTextTransform(0, "finalist__team_preference__directions")
    rows = list(
        teams.annotate(
            bloggers=Count("memberships", filter=Q(memberships__finalist__role=BLOGGER)),
            officials=Count("memberships", filter=Q(memberships__finalist__role=OFFICIAL)),
            members=Count("memberships"),
            regions=Count("memberships__finalist__application__region", distinct=True),
        ).order_by("number")
    )
    # The wishes and the regions are counted per member, grouped by team, in one query each.
    wishes = {
        row["team_id"]: row
        for row in members.annotate(first=first_choice)
        .values("team_id")
        .annotate(
            stated=Count("pk", filter=stated),
            got_first=Count("pk", filter=stated & Q(first=F("team__direction__code"))),
        )
        .order_by()
    }
    largest: dict[int, int] = defaultdict(int)
    for row in (
        members.filter(finalist__application__region__isnull=False)
        .values("team_id", "finalist__application__region_id")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        largest[row["team_id"]] = max(largest[row["team_id"]], row["count"])
    return Contribution(funnel=(_step(rows),), sections=(_section(rows, wishes, largest),))


def _step(rows: list[Team]) -> FunnelStep:
    return FunnelStep(
        key="teams-members",
        position=800,
        label=_("В командах"),
        total=sum(t.members for t in rows),
        by_role={
            str(ApplicantRole.BLOGGER.label): sum(t.bloggers for t in rows),
            str(ApplicantRole.OFFICIAL.label): sum(t.officials for t in rows),
        },
        by_direction={t.direction.code: t.members for t in rows},
    )


def _share(part: int, whole: int) -> Share:
    return Share(part / whole if whole else None)


def _section(rows: list[Team], wishes: dict, largest: dict[int, int]) -> Section:
    table_rows = tuple(
        (
            direction_name(t.direction),
            t.members,
            t.capacity,
            t.bloggers,
            t.officials,
            wishes.get(t.pk, {}).get("stated", 0),
            _share(wishes.get(t.pk, {}).get("got_first", 0), wishes.get(t.pk, {}).get("stated", 0)),
            t.regions,
            largest.get(t.pk, 0),
        )
        for t in rows
    )
    if len(table_rows) > 1:
        stated = sum(w["stated"] for w in wishes.values())
        table_rows += (
            (
                _("Все команды"),
                *(sum(r[i] for r in table_rows) for i in range(1, 6)),
                _share(sum(w["got_first"] for w in wishes.values()), stated),
                None,
                max(largest.values(), default=0),
            ),
        )
    table = Table(
        key="teams-sizes",
        caption=_("Команды: состав, пожелания и регионы"),
        columns=(
            _("Команда"),
            _("Участников"),
            _("Мест"),
            _("Блогеров"),
            _("Представителей министерств"),
            _("Указали пожелания"),
            _("В первом по желанию направлении"),
            _("Регионов"),
            _("Больше всего из одного региона"),
        ),
        rows=table_rows,
    )
    return Section(
        key="teams",
        position=400,
        title=_("Команды"),
        tables=(table,),
        intro=_(
            "Доля «в первом по желанию направлении» — среди участников команды, указавших пожелания. "
            "«Больше всего из одного региона» — наибольшее число участников команды из одного региона."
        ),
    )


PROVIDERS = (Provider(key="teams", audiences=ALL_AUDIENCES, collect=collect),)
