"""The expert's workspace: the queue of their assignments, the application with its
scoring form, and the page where an invited expert chooses their password. Every
application is looked up among the requesting expert's own active assignments: any
other is simply 404."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from applications.models import ReviewAssignment
from applications.review import selectors, services
from applications.review.forms import ReviewForm
from applications.review.models import ReviewState
from applications.review.presentation import application_for_expert
from applications.review.tokens import expert_invitation_token
from topblog.accounts.services import user_confirm_email

QUEUE_PAGE_SIZE = 50


def expert_required(view):
    """Signed in, with the expert role and not taken off the review; 403 otherwise."""

    @login_required
    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not selectors.user_is_expert(request.user):
            return render(request, "review/not_expert.html", status=403)
        return view(request, *args, **kwargs)

    return checked


@expert_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show")
    show = show if show in selectors.QUEUE_SHOWS else "todo"
    now = timezone.now()
    assignments = selectors.expert_queue(user=request.user, show=show, now=now)
    page = Paginator(assignments, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "review/queue.html",
        {
            "show": show,
            "page": page,
            "counts": selectors.expert_queue_counts(user=request.user, now=now),
            "now": now,
        },
    )


@expert_required
@require_GET
def next_application(request: HttpRequest) -> HttpResponse:
    """The first application of the to-do list; the queue when there is none."""
    after = request.GET.get("after")
    following = selectors.expert_next(
        user=request.user, now=timezone.now(), after=int(after) if after and after.isdigit() else None
    )
    if following is None:
        messages.success(request, _("Все назначенные заявки оценены. Спасибо!"))
        return redirect("review:queue")
    return redirect("review:application", application_id=following)


@expert_required
@require_http_methods(["GET", "POST"])
def application(request: HttpRequest, application_id: int) -> HttpResponse:
    """The application as the expert may see it, beside the scoring form: "save draft"
    keeps what is scored so far, "submit" sends the review and opens the next one."""
    try:
        assignment = selectors.expert_assignment(user=request.user, application_id=application_id)
    except ReviewAssignment.DoesNotExist as missing:
        raise Http404 from missing
    season_id = assignment.application.season_id
    now = timezone.now()
    criteria = selectors.criteria_of(season_id=season_id)
    review, scores = selectors.review_of(assignment)
    editable = selectors.review_editable(assignment, review, now=now)
    if request.method == "POST" and not editable:
        messages.error(request, _("Оценку этой заявки изменить уже нельзя."))
        return redirect("review:application", application_id=application_id)
    if request.method == "POST":
        form = ReviewForm(request.POST, criteria=criteria)
        if form.is_valid():
            submitting = request.POST.get("action") == "submit"
            save = services.review_submit if submitting else services.review_draft_save
            try:
                save(application_id=application_id, expert=request.user, data=form.review_input())
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                if not submitting:
                    messages.success(request, _("Черновик оценки сохранён."))
                    return redirect("review:application", application_id=application_id)
                messages.success(
                    request, _("Оценка заявки №%(number)s отправлена.") % {"number": application_id}
                )
                return redirect(f"{reverse('review:next')}?after={application_id}")
        status = 400
    else:
        initial = {f"criterion_{pk}": value for pk, value in scores.items()}
        initial["comment"] = review.comment if review else ""
        form = ReviewForm(initial=initial, criteria=criteria, disabled=not editable)
        status = 200
    return render(
        request,
        "review/application.html",
        {
            "assignment": assignment,
            "shown": application_for_expert(assignment),
            "form": form,
            "review": review,
            "editable": editable,
            "overdue": assignment.due_at is not None
            and assignment.due_at < now
            and (review is None or review.state != ReviewState.SUBMITTED),
            "submitted": review is not None and review.state == ReviewState.SUBMITTED,
            "criteria": bool(criteria),
        },
        status=status,
    )


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The invited expert chooses a password through the link in their invitation; the
    email is then confirmed (the link came to it) and they land in their queue."""

    token_generator = expert_invitation_token
    template_name = "review/invitation_accept.html"
    success_url = reverse_lazy("review:queue")
    post_reset_login = True
    post_reset_login_backend = "topblog.accounts.backends.AccountBackend"

    def form_valid(self, form):
        response = super().form_valid(form)
        user_confirm_email(user=form.user)
        messages.success(self.request, _("Пароль задан. Добро пожаловать в экспертизу!"))
        return response
