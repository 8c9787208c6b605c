"""Reads of the jury that pages, the API and the admin share: a juror's seat and the
projects they may judge (any other is not theirs: 404), the input of the results, who
has not scored what, the published results and whom they concern."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from teams.final.jury import results
from teams.final.models import FinalCriterion, FinalResults, Juror, JuryScore
from teams.models import Membership
from teams.projects.models import CheckpointReport, MediaProject, ProjectLink, ReachFigure
from topblog.accounts.models import Consent, ConsentDocument, Role, User


def juror_seat(*, user: User, season_id: int) -> Juror | None:
    """The person's seat in the season's jury, with its directions, if they have one."""
    if not user.is_authenticated or not user.is_active:
        return None
    return Juror.objects.filter(season_id=season_id, user=user).prefetch_related("directions").first()


def criteria_of(*, season_id: int) -> list[FinalCriterion]:
    return list(FinalCriterion.objects.filter(season_id=season_id).order_by("position", "pk"))


def projects_for_juror(*, juror: Juror) -> QuerySet[MediaProject]:
    """The projects the juror judges: every team's of the season, or only their
    directions' teams' when they have directions; with how many criteria they scored."""
    projects = MediaProject.objects.filter(team__season_id=juror.season_id)
    direction_ids = [d.pk for d in juror.directions.all()]
    if direction_ids:
        projects = projects.filter(team__direction_id__in=direction_ids)
    return (
        projects.select_related("team__direction")
        .annotate(scored=Count("jury_scores", filter=Q(jury_scores__juror=juror)))
        .order_by("team__number", "title", "pk")
    )


def project_for_juror(*, juror: Juror, project_id: int) -> MediaProject:
    """One project the juror judges; MediaProject.DoesNotExist for any other."""
    return projects_for_juror(juror=juror).get(pk=project_id)


def scores_of(*, juror: Juror, project_id: int) -> dict[int, JuryScore]:
    """The juror's scores of a project, by criterion id."""
    return {s.criterion_id: s for s in JuryScore.objects.filter(juror=juror, project_id=project_id)}


@dataclass(frozen=True)
class LinkShown:
    link: ProjectLink
    latest: ReachFigure | None  # the figures of the latest checkpoint reported


def project_work(*, project: MediaProject) -> tuple[list[LinkShown], list[CheckpointReport]]:
    """What the team made, read-only: its links with their latest reach figures, and the
    checkpoints' progress notes, latest first."""
    figures = ReachFigure.objects.select_related("checkpoint").order_by("-checkpoint__due_at")
    links = project.links.prefetch_related(Prefetch("figures", queryset=figures)).order_by("added_at", "pk")
    shown = [LinkShown(link=link, latest=next(iter(link.figures.all()), None)) for link in links]
    reports = list(
        CheckpointReport.objects.filter(project=project)
        .select_related("checkpoint")
        .order_by("-checkpoint__due_at")
    )
    return shown, reports


def results_input(*, season_id: int) -> dict:
    """The pure module's input (teams.final.jury.results.compute's keyword arguments)."""
    criteria = [
        results.Criterion(id=c.pk, weight=c.weight, max_score=c.max_score)
        for c in criteria_of(season_id=season_id)
    ]
    projects = [
        results.Project(id=pk, direction=code)
        for pk, code in MediaProject.objects.filter(team__season_id=season_id).values_list(
            "pk", "team__direction__code"
        )
    ]
    cards: dict[tuple[int, int], dict[int, int]] = {}
    for juror_id, project_id, criterion_id, score in JuryScore.objects.filter(
        juror__season_id=season_id, criterion__season_id=season_id
    ).values_list("juror_id", "project_id", "criterion_id", "score"):
        cards.setdefault((juror_id, project_id), {})[criterion_id] = score
    scorecards = [results.Scorecard(juror_id=j, project_id=p, scores=s) for (j, p), s in cards.items()]
    return {"criteria": criteria, "projects": projects, "scorecards": scorecards}


def results_compute(*, season_id: int) -> results.Results:
    return results.compute(**results_input(season_id=season_id))


@dataclass(frozen=True)
class Missing:
    juror: Juror
    project: MediaProject
    scored: int  # criteria scored of ``of``
    of: int


def scores_missing(*, season_id: int) -> list[Missing]:
    """Every (juror, project they judge) whose scorecard is not complete, in four
    queries whatever the jury's size."""
    total = FinalCriterion.objects.filter(season_id=season_id).count()
    projects = list(
        MediaProject.objects.filter(team__season_id=season_id)
        .select_related("team__direction")
        .order_by("team__number", "title", "pk")
    )
    counted = {
        (juror_id, project_id): n
        for juror_id, project_id, n in JuryScore.objects.filter(
            juror__season_id=season_id, criterion__season_id=season_id
        )
        .values("juror_id", "project_id")
        .annotate(n=Count("pk"))
        .values_list("juror_id", "project_id", "n")
    }
    missing = []
    jurors = Juror.objects.filter(season_id=season_id).select_related("user").prefetch_related("directions")
    for juror in jurors:
        directions = {d.pk for d in juror.directions.all()}
        for project in projects:
            scored = counted.get((juror.pk, project.pk), 0)
            if (not directions or project.team.direction_id in directions) and scored < total:
                missing.append(Missing(juror=juror, project=project, scored=scored, of=total))
    return missing


def results_published(*, season_id: int) -> FinalResults | None:
    return FinalResults.objects.filter(season_id=season_id).first()


def consenting_names(*, team_ids: list[int]) -> dict[int, list[str]]:
    """Team id -> the names of its members who consent, now, to the publication of their
    data: the rest are never named on a public page."""
    consenting = Consent.objects.filter(
        document__kind=ConsentDocument.Kind.PUBLICATION, withdrawn_at__isnull=True
    ).values("user_id")
    members = (
        Membership.objects.filter(team_id__in=team_ids, finalist__application__applicant_id__in=consenting)
        .select_related("finalist__application")
        .order_by("finalist__application__last_name", "finalist__application__first_name", "pk")
    )
    names: dict[int, list[str]] = {}
    for membership in members:
        application = membership.finalist.application
        name = " ".join(p for p in (application.first_name, application.last_name) if p)
        if name:
            names.setdefault(membership.team_id, []).append(name)
    return names


def results_recipients(*, season_id: int) -> QuerySet[User]:
    """Everyone the published results concern: the members of the season's teams, the
    ministry curators of their directions and the jurors."""
    teams = Membership.objects.filter(team__season_id=season_id)
    return User.objects.filter(
        Q(pk__in=teams.values("finalist__application__applicant_id"))
        | Q(
            groups__name=Role.MINISTRY_CURATOR,
            curated_direction_id__in=teams.values("team__direction_id"),
        )
        | Q(juror_seats__season_id=season_id),
        is_active=True,
    ).distinct()


@dataclass(frozen=True)
class PublicRow:
    row: dict  # a project's row of the snapshot (teams.final.jury.snapshot)
    names: list[str]  # its team's members who consent to publication


@dataclass(frozen=True)
class PublicResults:
    published: FinalResults
    overall: list[PublicRow]
    by_direction: list[tuple[dict, list[PublicRow]]]  # ({code, name, name_en}, rows by place)


def results_public(*, season_id: int) -> PublicResults | None:
    """The published results as the public page and API show them, None before."""
    published = results_published(season_id=season_id)
    if published is None:
        return None
    snapshot = published.results
    names = consenting_names(team_ids=sorted({r["team_id"] for r in snapshot["projects"]}))
    rows = {
        r["project_id"]: PublicRow(row=r, names=names.get(r["team_id"], [])) for r in snapshot["projects"]
    }
    return PublicResults(
        published=published,
        overall=[rows[pk] for pk in snapshot["overall"]],
        by_direction=[
            (d, [rows[pk] for pk in snapshot["by_direction"][d["code"]]]) for d in snapshot["directions"]
        ],
    )


def scores_given(*, juror: Juror) -> QuerySet[JuryScore]:
    """Every score the juror gave, with its project and criterion."""
    return (
        JuryScore.objects.filter(juror=juror)
        .select_related("project", "criterion")
        .order_by("project__title", "project_id", "criterion__position", "criterion_id")
    )
