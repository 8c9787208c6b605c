"""A team's final presentation: its page (upload, video link, versions) and its files,
opened in the browser by those who may see it and 404 for anyone else."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from teams.final.forms import PresentationUploadForm, VideoLinkForm
from teams.final.models import PresentationVersion
from teams.final.selectors.presentations import (
    final_settings_of,
    presentation_of,
    presentation_version_for,
    versions_of,
)
from teams.final.services.presentations import presentation_upload, presentation_video_set
from teams.models import Team
from teams.selectors import is_member, teams_visible_to
from topblog.tracks.selectors import season_current


def _visible_team(request: HttpRequest, team_id: int) -> Team:
    season = season_current()
    if season is None:
        raise Http404
    team = teams_visible_to(user=request.user, season_id=season.pk).filter(pk=team_id).first()
    if team is None:
        raise Http404
    return team


def _apply(request: HttpRequest, form, action) -> bool:
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        field = "file" if "file" in form.fields else "video_url"
        for message in error.messages:
            form.add_error(field, message)
        return False
    return True


@require_http_methods(["GET", "POST"])
@login_required
def team_presentation(request: HttpRequest, team_id: int) -> HttpResponse:
    """Seen by whoever sees the team; changed only by its members, until the deadline."""
    team = _visible_team(request, team_id)
    member = is_member(user=request.user, team=team)
    upload_form = PresentationUploadForm()
    presentation = presentation_of(team_id=team.pk)
    video_form = VideoLinkForm(initial={"video_url": presentation.video_url if presentation else ""})
    if request.method == "POST":
        if not member:
            raise Http404
        if "file" in request.FILES or request.POST.get("action") == "upload":
            upload_form = PresentationUploadForm(request.POST, request.FILES)
            if _apply(
                request,
                upload_form,
                lambda data: presentation_upload(
                    team_id=team.pk, uploaded_file=data["file"], by=request.user
                ),
            ):
                messages.success(request, _("Новая версия презентации загружена."))
                return redirect("final:team_presentation", team_id=team.pk)
        else:
            video_form = VideoLinkForm(request.POST)
            if _apply(
                request,
                video_form,
                lambda data: presentation_video_set(
                    team_id=team.pk, video_url=data["video_url"], by=request.user
                ),
            ):
                messages.success(request, _("Ссылка на видео сохранена."))
                return redirect("final:team_presentation", team_id=team.pk)
    final = final_settings_of(season_id=team.season_id)
    is_open = (
        final is not None
        and timezone.now() < final.presentation_deadline
        and (presentation is None or presentation.locked_at is None)
    )
    return render(
        request,
        "final/presentation.html",
        {
            "team": team,
            "presentation": presentation,
            "versions": versions_of(presentation=presentation) if presentation else [],
            "final": final,
            "member": member,
            "can_change": member and is_open,
            "upload_form": upload_form,
            "video_form": video_form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def presentation_file(request: HttpRequest, version_id: int) -> FileResponse:
    """The PDF inline, so the browser opens it; its content was checked to be a PDF on
    upload, and it is sent as nothing else. 404 to anyone else, signed in or not, so
    the address says nothing about whether the file exists."""
    if not request.user.is_authenticated:
        raise Http404
    try:
        version = presentation_version_for(user=request.user, version_id=version_id)
        handle = version.file.storage.open(version.file.name, "rb")
    except (PresentationVersion.DoesNotExist, FileNotFoundError) as missing:
        raise Http404 from missing
    team = version.presentation.team
    response = FileResponse(
        handle,
        as_attachment=False,
        filename=f"presentation-{team.number}-v{version.number}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # The browser's PDF viewer needs no more; nothing else may load from the document.
    response["Content-Security-Policy"] = "default-src 'none'; object-src 'self'; frame-ancestors 'self'"
    response["Cache-Control"] = "private, no-store"
    return response
