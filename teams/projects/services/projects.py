"""The team's writes to its projects: create and edit (with an optimistic lock), the
links to published content, the checkpoint reports with their figures, and the
curators' comments. Each is one transaction that locks the project's row, so two
members' writes take turns, and appends a ProjectChange: who, when, what."""

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from teams.models import Membership, Team
from teams.projects import validators
from teams.projects.models import (
    Checkpoint,
    CheckpointReport,
    FigureSource,
    MediaProject,
    Platform,
    ProjectAction,
    ProjectChange,
    ProjectComment,
    ProjectLink,
    ReachFigure,
)
from teams.projects.selectors import MEASURES, may_comment
from teams.selectors import is_member
from topblog.accounts.models import User

logger = logging.getLogger(__name__)

# What a member edits on the project's form; the rest the services keep.
PROJECT_FIELDS = ("title", "goal", "format", "platforms", "audience", "status")


def change_log(*, project: MediaProject, action: str, by: User | None, details: dict | None = None) -> None:
    ProjectChange.objects.create(
        project=project, action=action, details=details or {}, changed_by=by, changed_at=timezone.now()
    )


def _member_check(*, user: User, team: Team) -> None:
    if not is_member(user=user, team=team):
        raise PermissionDenied(validators.NOT_A_MEMBER)


def _locked(project_id: int) -> MediaProject:
    return MediaProject.objects.select_for_update().select_related("team").get(pk=project_id)


def _responsible(*, team: Team, ids: Iterable[int]) -> list[Membership]:
    ids = set(ids)
    found = list(Membership.objects.filter(team=team, pk__in=ids).select_related("finalist__application"))
    if len(found) != len(ids):
        raise ValidationError({"responsible": validators.RESPONSIBLE_OUTSIDE_TEAM}, code="responsible")
    return found


def _names(memberships: Iterable[Membership]) -> list[str]:
    return sorted(str(m) for m in memberships)


def project_create(
    *, team: Team, by: User, fields: Mapping[str, Any], responsible_ids: Iterable[int] = ()
) -> MediaProject:
    """A member's new project of their team, with its responsible members (of the team)."""
    _member_check(user=by, team=team)
    with transaction.atomic():
        responsible = _responsible(team=team, ids=responsible_ids)
        project = MediaProject(team=team, **{name: fields[name] for name in PROJECT_FIELDS if name in fields})
        project.full_clean(exclude=["team"])
        project.save()
        project.responsible.set(responsible)
        change_log(
            project=project,
            action=ProjectAction.CREATED,
            by=by,
            details={"title": project.title, "responsible": _names(responsible)},
        )
    logger.info("Media project %s created by %s", project.pk, by.pk)
    return project


def project_update(
    *,
    project_id: int,
    by: User,
    version: int,
    fields: Mapping[str, Any],
    responsible_ids: Iterable[int] | None = None,
) -> MediaProject:
    """A member's edit of the project.

    Steps: lock the row; refuse an edit made on an older version than the saved one
    (another member saved meanwhile: the caller keeps what was typed and shows the
    message); validate; save the changed fields and the responsible members, move the
    version on; log {field: [old, new]}. Nothing changed: nothing is written."""
    with transaction.atomic():
        project = _locked(project_id)
        _member_check(user=by, team=project.team)
        if project.version != version:
            raise ValidationError(validators.STALE_EDIT, code="stale")
        changes: dict[str, list] = {}
        for name in PROJECT_FIELDS:
            if name in fields and fields[name] != getattr(project, name):
                changes[name] = [getattr(project, name), fields[name]]
                setattr(project, name, fields[name])
        if responsible_ids is not None:
            before = list(project.responsible.select_related("finalist__application"))
            after = _responsible(team=project.team, ids=responsible_ids)
            if {m.pk for m in before} != {m.pk for m in after}:
                changes["responsible"] = [_names(before), _names(after)]
                project.responsible.set(after)
        if not changes:
            return project
        project.full_clean(exclude=["team"])
        project.version += 1
        project.save()
        change_log(project=project, action=ProjectAction.EDITED, by=by, details=changes)
    logger.info("Media project %s edited by %s: %s", project.pk, by.pk, sorted(changes))
    return project


def link_add(*, project_id: int, by: User, url: str, platform: str, title: str = "") -> ProjectLink:
    """A link to the project's published content, whose reach the checkpoints follow."""
    if platform not in Platform.values:
        raise ValidationError({"platform": validators.UNKNOWN_PLATFORM}, code="platform")
    with transaction.atomic():
        project = _locked(project_id)
        _member_check(user=by, team=project.team)
        link = ProjectLink(project=project, url=url.strip(), platform=platform, title=title.strip())
        link.full_clean(exclude=["project"], validate_unique=False)
        if ProjectLink.objects.filter(project=project, url=link.url).exists():
            raise ValidationError({"url": validators.LINK_TWICE}, code="link_twice")
        try:
            with transaction.atomic():
                link.save()
        except IntegrityError as error:
            raise ValidationError({"url": validators.LINK_TWICE}, code="link_twice") from error
        change_log(project=project, action=ProjectAction.LINK_ADDED, by=by, details={"url": link.url})
    return link


def link_remove(*, link_id: int, by: User) -> None:
    """Remove a link with its figures (a link added by mistake); the history keeps its URL."""
    project_id = ProjectLink.objects.values_list("project_id", flat=True).get(pk=link_id)
    with transaction.atomic():
        project = _locked(project_id)
        _member_check(user=by, team=project.team)
        link = ProjectLink.objects.get(pk=link_id, project=project)
        url = link.url
        link.delete()
        change_log(project=project, action=ProjectAction.LINK_REMOVED, by=by, details={"url": url})


def report_submit(
    *,
    project_id: int,
    checkpoint_id: int,
    by: User,
    note: str,
    figures: Mapping[int, Mapping[str, int]],
) -> CheckpointReport:
    """Send or correct the project's report at a checkpoint: the progress note and each
    link's figures as of that date (``figures``: link id -> {views, reactions, comments,
    shares}). A report first sent after the deadline is marked late, and stays so when
    it is corrected later."""
    with transaction.atomic():
        project = _locked(project_id)
        _member_check(user=by, team=project.team)
        checkpoint = Checkpoint.objects.filter(pk=checkpoint_id, season_id=project.team.season_id).first()
        if checkpoint is None:
            raise ValidationError(validators.CHECKPOINT_OF_OTHER_SEASON, code="checkpoint")
        link_ids = set(project.links.values_list("pk", flat=True))
        if set(figures) - link_ids:
            raise ValidationError(validators.LINK_OF_OTHER_PROJECT, code="link")
        now = timezone.now()
        report = CheckpointReport.objects.filter(project=project, checkpoint=checkpoint).first()
        details: dict[str, Any] = {"checkpoint": checkpoint.number}
        if report is None:
            report = CheckpointReport(
                project=project,
                checkpoint=checkpoint,
                note=note,
                submitted_at=now,
                submitted_by=by,
                is_late=now > checkpoint.due_at,
            )
            details["late"] = report.is_late
        elif report.note != note:
            details["note"] = [report.note, note]
            report.note = note
        report.full_clean(exclude=["project", "checkpoint", "submitted_by"], validate_unique=False)
        report.save()
        figures_changed = figures_write(
            checkpoint_id=checkpoint.pk, figures=figures, source=FigureSource.TEAM
        )
        if figures_changed:
            details["figures"] = len(figures_changed)
        if len(details) > 1:
            change_log(project=project, action=ProjectAction.REPORTED, by=by, details=details)
    logger.info("Report of project %s at checkpoint %s sent by %s", project.pk, checkpoint.pk, by.pk)
    return report


def figures_write(*, checkpoint_id: int, figures: Mapping[int, Mapping[str, int]], source: str) -> list[int]:
    """Write the links' figures at a checkpoint in the caller's transaction: new rows
    created, differing ones changed, equal ones left (so a repeat changes nothing).
    Returns the ids of the links whose figures were created or changed."""
    existing = {
        f.link_id: f
        for f in ReachFigure.objects.filter(checkpoint_id=checkpoint_id, link_id__in=list(figures))
    }
    new, changed = [], []
    for link_id, values in figures.items():
        clean = {m: int(values.get(m) or 0) for m in MEASURES}
        if any(v < 0 for v in clean.values()):
            raise ValidationError(validators.FIGURES_PROBLEMS["negative"] % {"value": min(clean.values())})
        row = existing.get(link_id)
        if row is None:
            new.append(ReachFigure(link_id=link_id, checkpoint_id=checkpoint_id, source=source, **clean))
        elif any(getattr(row, m) != clean[m] for m in MEASURES):
            for m in MEASURES:
                setattr(row, m, clean[m])
            row.source = source
            row.updated_at = timezone.now()
            changed.append(row)
    ReachFigure.objects.bulk_create(new, batch_size=1000)
    ReachFigure.objects.bulk_update(changed, [*MEASURES, "source", "updated_at"], batch_size=1000)
    return [f.link_id for f in new + changed]


def comment_add(*, project_id: int, by: User, text: str, checkpoint_id: int | None = None) -> ProjectComment:
    """A curator's (or organizer's) comment on the project, optionally on one checkpoint."""
    with transaction.atomic():
        project = _locked(project_id)
        if not may_comment(user=by, team=project.team):
            raise PermissionDenied(validators.NOT_A_CURATOR)
        checkpoint = None
        if checkpoint_id is not None:
            checkpoint = Checkpoint.objects.filter(pk=checkpoint_id, season_id=project.team.season_id).first()
            if checkpoint is None:
                raise ValidationError(validators.CHECKPOINT_OF_OTHER_SEASON, code="checkpoint")
        comment = ProjectComment(
            project=project, checkpoint=checkpoint, author=by, text=text.strip(), created_at=timezone.now()
        )
        comment.full_clean(exclude=["project", "checkpoint", "author"])
        comment.save()
        change_log(
            project=project,
            action=ProjectAction.COMMENTED,
            by=by,
            details={"checkpoint": checkpoint.number if checkpoint else None},
        )
    return comment
