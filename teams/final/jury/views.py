"""The juror's pages (their queue of projects, a project with its scoring form, the page
where an invited juror chooses a password) and the public results. A project is looked
up among those the requesting juror judges in the current season: any other is 404, as
is every jury page for someone without a seat."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from applications.review.views import InvitationAcceptView
from teams.final.jury import selectors, services
from teams.final.jury.forms import ScoreForm
from teams.final.jury.tokens import jury_invitation_token
from teams.final.models import Juror
from teams.projects.models import MediaProject
from topblog.accounts.services import user_confirm_email
from topblog.error_summary import form_error_summary
from topblog.tracks.selectors import season_current


def _seat(request: HttpRequest) -> Juror:
    season = season_current()
    seat = selectors.juror_seat(user=request.user, season_id=season.pk) if season else None
    if seat is None:
        raise Http404
    return seat


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    seat = _seat(request)
    projects = list(selectors.projects_for_juror(juror=seat))
    criteria_count = len(selectors.criteria_of(season_id=seat.season_id))
    done = sum(1 for p in projects if criteria_count and p.scored >= criteria_count)
    return render(
        request,
        "final/jury/queue.html",
        {
            "seat": seat,
            "projects": projects,
            "criteria_count": criteria_count,
            "done": done,
            "published": selectors.results_published(season_id=seat.season_id) is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project as the team made it, beside the scoring form; saving keeps the
    scores and opens the queue."""
    seat = _seat(request)
    try:
        shown = selectors.project_for_juror(juror=seat, project_id=project_id)
    except MediaProject.DoesNotExist as missing:
        raise Http404 from missing
    criteria = selectors.criteria_of(season_id=seat.season_id)
    editable = selectors.results_published(season_id=seat.season_id) is None
    status = 200
    if request.method == "POST":
        if not editable:
            messages.error(request, _("Итоги финала уже опубликованы: оценки больше не меняются."))
            return redirect("final:jury_project", project_id=project_id)
        form = ScoreForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                services.jury_scores_save(juror=seat, project_id=project_id, scores=form.scores())
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(request, _("Оценки проекта «%(title)s» сохранены.") % {"title": shown.title})
                return redirect("final:jury_queue")
        status = 400
    else:
        given = selectors.scores_of(juror=seat, project_id=project_id)
        initial = {}
        for criterion_id, score in given.items():
            initial[f"score_{criterion_id}"], initial[f"comment_{criterion_id}"] = score.score, score.comment
        form = ScoreForm(initial=initial, criteria=criteria, disabled=not editable)
    links, reports = selectors.project_work(project=shown)
    return render(
        request,
        "final/jury/project.html",
        {
            "project": shown,
            "links": links,
            "reports": reports,
            "form": form,
            "errors": form_error_summary(form) if form.is_bound else [],
            "editable": editable,
        },
        status=status,
    )


class JuryInvitationAcceptView(InvitationAcceptView):
    """The invited juror chooses a password through the link in their invitation, as an
    invited expert does, and lands in their queue."""

    token_generator = jury_invitation_token
    template_name = "final/jury/invitation_accept.html"
    success_url = reverse_lazy("final:jury_queue")

    def form_valid(self, form):
        # Django's own step, then the email confirmed as for an expert: the link came to it.
        response = super(InvitationAcceptView, self).form_valid(form)
        user_confirm_email(user=form.user)
        messages.success(self.request, _("Пароль задан. Добро пожаловать в жюри финала!"))
        return response


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    """The published results: winners by direction and overall, with the names only of
    members who consent to publication. Before publication, 404 with a page that says so."""
    season = season_current()
    public = selectors.results_public(season_id=season.pk) if season else None
    if public is None:
        return render(request, "final/jury/results_pending.html", status=404)
    return render(request, "final/jury/results.html", {"public": public})
