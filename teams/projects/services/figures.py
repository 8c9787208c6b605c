"""The organizers' import of reach figures for many links at once, all or nothing."""

import logging
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from teams.projects import validators
from teams.projects.figures_csv import figures_rows_check, url_key
from teams.projects.models import Checkpoint, FigureSource, MediaProject, ProjectAction, ProjectLink
from teams.projects.selectors import MEASURES
from teams.projects.services.projects import change_log, figures_write
from topblog.accounts.models import User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FiguresWritten:
    rows: int
    written: int

    @property
    def unchanged(self) -> int:
        return self.rows - self.written


def figures_import(*, season_id: int, content: bytes, by: User) -> FiguresWritten:
    """Import a file of reach figures (url, checkpoint, views, reactions, comments, shares).

    Steps: read every row and check it against the season's links and checkpoints
    (figures_csv); if any row is bad, refuse the whole file with one message per bad row,
    naming its line; otherwise, in one transaction with the projects' rows locked, write
    the figures that differ and log them in each project's history. Importing the same
    file again changes nothing."""
    links: dict[str, list[int]] = defaultdict(list)
    project_of: dict[int, int] = {}
    for pk, url, project_id in ProjectLink.objects.filter(project__team__season_id=season_id).values_list(
        "pk", "url", "project_id"
    ):
        links[url_key(url)].append(pk)
        project_of[pk] = project_id
    checkpoints = dict(Checkpoint.objects.filter(season_id=season_id).values_list("number", "pk"))
    rows, problems = figures_rows_check(content, links=links, checkpoints=checkpoints)
    if problems:
        raise ValidationError(
            [ValidationError(validators.figures_problem_message(p), code=p.code) for p in problems]
        )
    by_checkpoint: dict[int, dict[int, dict[str, int]]] = defaultdict(dict)
    for row in rows:
        by_checkpoint[row.checkpoint_id][row.link_id] = {m: getattr(row, m) for m in MEASURES}
    project_ids = sorted({project_of[row.link_id] for row in rows})
    numbers = {pk: number for number, pk in checkpoints.items()}
    written = 0
    with transaction.atomic():
        projects = {p.pk: p for p in MediaProject.objects.select_for_update().filter(pk__in=project_ids)}
        changed_by_project: dict[int, list[int]] = defaultdict(list)
        for checkpoint_id, figures in by_checkpoint.items():
            changed_links = figures_write(
                checkpoint_id=checkpoint_id, figures=figures, source=FigureSource.IMPORT
            )
            written += len(changed_links)
            for link_id in changed_links:
                changed_by_project[project_of[link_id]].append(numbers[checkpoint_id])
        for project_id, changed in changed_by_project.items():
            change_log(
                project=projects[project_id],
                action=ProjectAction.FIGURES,
                by=by,
                details={"imported": len(changed), "checkpoints": sorted(set(changed))},
            )
    result = FiguresWritten(rows=len(rows), written=written)
    logger.info("Reach figures imported by %s: %s", by.pk, result)
    return result
