"""The grading queue: experts and organizers grade the programme's submissions in the
browser, oldest first, one after another."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from modules.forms import GradeForm
from modules.models import Submission
from modules.selectors.programme import grading_queue as queue_of
from modules.selectors.programme import next_in_queue, season_assignments, user_may_grade
from modules.services.submissions import submission_grade
from topblog.tracks.selectors import season_current

PAGE_SIZE = 50


def grader_page(view):
    """Experts and organizers only; anyone else gets 404."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        season = season_current()
        if season is None or not user_may_grade(request.user):
            raise Http404
        return view(request, season, *args, **kwargs)

    return wrapped


def _assignment_filter(request: HttpRequest, assignments) -> int | None:
    value = request.GET.get("assignment", "")
    ids = {a.pk for a in assignments}
    return int(value) if value.isdigit() and int(value) in ids else None


@require_GET
@grader_page
def grading_queue(request: HttpRequest, season) -> HttpResponse:
    assignments = list(season_assignments(season_id=season.pk))
    chosen = _assignment_filter(request, assignments)
    page = Paginator(queue_of(season_id=season.pk, assignment_id=chosen), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "modules/grading_queue.html",
        {
            "assignments": assignments,
            "chosen": chosen,
            "page": page,
        },
    )


@require_http_methods(["GET", "POST"])
@grader_page
def grading(request: HttpRequest, season, submission_id: int) -> HttpResponse:
    try:
        submission = Submission.objects.select_related("assignment__module", "application", "graded_by").get(
            pk=submission_id, assignment__module__season=season
        )
    except Submission.DoesNotExist as missing:
        raise Http404 from missing
    chosen = _assignment_filter(request, [submission.assignment])
    initial = {"score": submission.score, "feedback": submission.feedback} if submission.is_graded else None
    form = GradeForm(request.POST or None, initial=initial, max_score=submission.assignment.max_score)
    if request.method == "POST" and form.is_valid():
        try:
            submission_grade(
                submission_id=submission.pk,
                score=form.cleaned_data["score"],
                feedback=form.cleaned_data["feedback"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Оценка сохранена."))
            following = next_in_queue(season_id=season.pk, assignment_id=chosen, after_id=submission.pk)
            query = f"?assignment={chosen}" if chosen else ""
            if following is None:
                return redirect(reverse("modules:grading_queue") + query)
            return redirect(reverse("modules:grading", args=[following.pk]) + query)
    return render(
        request,
        "modules/grading.html",
        {
            "submission": submission,
            "form": form,
            "chosen": chosen,
        },
        status=400 if request.method == "POST" else 200,
    )
