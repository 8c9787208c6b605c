"""The team's workspace: its projects, a project's page with links, checkpoints, reports,
comments and history, and the members' and curators' forms. Every page answers 404 to
anyone who does not see the team (teams.selectors), and the forms to anyone who may not
use them; the services check again."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teams.projects.forms import CommentForm, LinkForm, ProjectForm, ReportForm
from teams.projects.models import Checkpoint, Platform, ProjectLink, ReachFigure
from teams.projects.selectors import (
    MEASURES,
    Workspace,
    project_of,
    project_page,
    team_members,
    team_projects,
    workspace_of,
)
from teams.projects.services import projects as services


def workspace_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, never cached, and 404 unless the person sees the team. The view gets
    the Workspace after the request."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapped(request: HttpRequest, team_id: int, *args, **kwargs) -> HttpResponse:
        workspace = workspace_of(user=request.user, team_id=team_id)
        if workspace is None:
            raise Http404
        return view(request, workspace, *args, **kwargs)

    return wrapped


def _editor(workspace: Workspace) -> None:
    # A page only members use: to anyone else it does not exist.
    if not workspace.can_edit:
        raise Http404


def _project(workspace: Workspace, project_id: int):
    project = project_of(workspace=workspace, project_id=project_id)
    if project is None:
        raise Http404
    return project


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _page_context(workspace: Workspace, project) -> dict:
    return {
        "workspace": workspace,
        "team": workspace.team,
        "project": project,
        "page": project_page(project=project),
        "platform_choices": Platform.choices,
    }


@require_GET
@workspace_page
def team_projects_view(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    return render(
        request,
        "projects/team_projects.html",
        {"workspace": workspace, "team": workspace.team, "rows": team_projects(team=workspace.team)},
    )


@require_http_methods(["GET", "POST"])
@workspace_page
def project_new(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    _editor(workspace)
    form = ProjectForm(request.POST or None, members=team_members(team=workspace.team))
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                team=workspace.team,
                by=request.user,
                fields=form.service_fields(),
                responsible_ids=form.responsible_ids(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Проект создан."))
            return redirect("projects:project", team_id=workspace.team.pk, project_id=project.pk)
    return render(
        request, "projects/project_form.html", {"workspace": workspace, "team": workspace.team, "form": form}
    )


@require_GET
@workspace_page
def project_view(request: HttpRequest, workspace: Workspace, project_id: int) -> HttpResponse:
    project = _project(workspace, project_id)
    context = _page_context(workspace, project)
    if workspace.can_edit:
        context["link_form"] = LinkForm()
    if workspace.can_comment:
        context["comment_form"] = CommentForm(season_id=workspace.team.season_id)
    return render(request, "projects/project.html", context)


@require_http_methods(["GET", "POST"])
@workspace_page
def project_edit(request: HttpRequest, workspace: Workspace, project_id: int) -> HttpResponse:
    _editor(workspace)
    project = _project(workspace, project_id)
    form = ProjectForm(request.POST or None, instance=project, members=team_members(team=workspace.team))
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                project_id=project.pk,
                by=request.user,
                version=form.cleaned_data["version"] or 0,
                fields=form.service_fields(),
                responsible_ids=form.responsible_ids(),
            )
        except ValidationError as error:
            # What the person typed stays in the form; the saved version is a link away.
            _apply_errors(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("projects:project", team_id=workspace.team.pk, project_id=project.pk)
    return render(
        request,
        "projects/project_form.html",
        {"workspace": workspace, "team": workspace.team, "form": form, "project": project},
    )


@require_POST
@workspace_page
def link_add(request: HttpRequest, workspace: Workspace, project_id: int) -> HttpResponse:
    _editor(workspace)
    project = _project(workspace, project_id)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            services.link_add(project_id=project.pk, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Ссылка добавлена."))
            return redirect("projects:project", team_id=workspace.team.pk, project_id=project.pk)
    return render(
        request, "projects/project.html", {**_page_context(workspace, project), "link_form": form}, status=400
    )


@require_POST
@workspace_page
def link_remove(request: HttpRequest, workspace: Workspace, project_id: int, link_id: int) -> HttpResponse:
    _editor(workspace)
    project = _project(workspace, project_id)
    get_object_or_404(ProjectLink, pk=link_id, project=project)
    services.link_remove(link_id=link_id, by=request.user)
    messages.success(request, _("Ссылка удалена."))
    return redirect("projects:project", team_id=workspace.team.pk, project_id=project.pk)


@require_http_methods(["GET", "POST"])
@workspace_page
def report(request: HttpRequest, workspace: Workspace, project_id: int, checkpoint_id: int) -> HttpResponse:
    _editor(workspace)
    project = _project(workspace, project_id)
    checkpoint = get_object_or_404(Checkpoint, pk=checkpoint_id, season_id=workspace.team.season_id)
    links = list(project.links.all())
    existing = project.reports.filter(checkpoint=checkpoint).first()
    figures = {f.link_id: f for f in ReachFigure.objects.filter(checkpoint=checkpoint, link__project=project)}
    form = ReportForm(request.POST or None, links=links, report=existing, figures=figures)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.report_submit(
                project_id=project.pk,
                checkpoint_id=checkpoint.pk,
                by=request.user,
                note=form.cleaned_data["note"],
                figures=form.figures(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            text = _("Отчёт сохранён.")
            if sent.is_late:
                text += " " + _("Он отмечен как отправленный после срока.")
            messages.success(request, text)
            return redirect("projects:project", team_id=workspace.team.pk, project_id=project.pk)
    return render(
        request,
        "projects/report_form.html",
        {
            "workspace": workspace,
            "team": workspace.team,
            "project": project,
            "checkpoint": checkpoint,
            "report": existing,
            "form": form,
            "measures": MEASURES,
        },
    )


@require_POST
@workspace_page
def comment_add(request: HttpRequest, workspace: Workspace, project_id: int) -> HttpResponse:
    if not workspace.can_comment:
        raise Http404
    project = _project(workspace, project_id)
    form = CommentForm(request.POST, season_id=workspace.team.season_id)
    if form.is_valid():
        checkpoint = form.cleaned_data["checkpoint"]
        try:
            services.comment_add(
                project_id=project.pk,
                by=request.user,
                text=form.cleaned_data["text"],
                checkpoint_id=checkpoint.pk if checkpoint else None,
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Комментарий добавлен."))
            return redirect("projects:project", team_id=workspace.team.pk, project_id=project.pk)
    return render(
        request,
        "projects/project.html",
        {**_page_context(workspace, project), "comment_form": form},
        status=400,
    )
