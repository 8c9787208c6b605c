"""The finalist's invitation: confirm or decline within the season's days, what they
bring to a team, and where they stand on the waiting list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from modules.forms import DeclineForm, PreferencesForm
from modules.models import Finalist, FinalistStatus
from modules.models.finalists import SEATED_STATUSES
from modules.selectors.finalists import finalist_history, finalist_of, waiting_ahead
from modules.services import finalists as services
from modules.views.common import Trainee, trainee_page


def _finalist(trainee: Trainee) -> Finalist:
    finalist = finalist_of(application_id=trainee.application.pk)
    if finalist is None:
        raise Http404
    return finalist


def _refused(request: HttpRequest, error: ValidationError | PermissionDenied) -> HttpResponse:
    messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect("modules:finalist")


@require_GET
@trainee_page
def finalist(request: HttpRequest, trainee: Trainee) -> HttpResponse:
    standing = _finalist(trainee)
    preferences = PreferencesForm(
        initial={
            "skills": standing.skills,
            "accommodation_needed": {True: "yes", False: "no"}.get(standing.accommodation_needed),
        }
    )
    return render(
        request,
        "modules/finalist.html",
        {
            "finalist": standing,
            "ahead": waiting_ahead(finalist=standing),
            "history": finalist_history(finalist_id=standing.pk),
            "preferences": preferences if standing.status in SEATED_STATUSES else None,
            "can_confirm": standing.status == FinalistStatus.INVITED
            and standing.confirm_by >= timezone.now(),
            "can_decline": bool(services.ALLOWED_TRANSITIONS[standing.status] & {FinalistStatus.DECLINED}),
        },
    )


@require_POST
@trainee_page
def finalist_confirm(request: HttpRequest, trainee: Trainee) -> HttpResponse:
    _finalist(trainee)
    try:
        services.finalist_confirm(application_id=trainee.application.pk, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, error)
    messages.success(request, _("Участие подтверждено. До встречи в «Сенеже»!"))
    return redirect("modules:finalist")


@require_http_methods(["GET", "POST"])
@trainee_page
def finalist_decline(request: HttpRequest, trainee: Trainee) -> HttpResponse:
    standing = _finalist(trainee)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.finalist_decline(
                application_id=trainee.application.pk, by=request.user, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, PermissionDenied) as error:
            return _refused(request, error)
        messages.success(
            request, _("Вы отказались от участия. Спасибо, что сообщили: место получит следующий.")
        )
        return redirect("modules:finalist")
    return render(request, "modules/finalist_decline.html", {"finalist": standing, "form": form})


@require_POST
@trainee_page
def finalist_preferences(request: HttpRequest, trainee: Trainee) -> HttpResponse:
    _finalist(trainee)
    form = PreferencesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ответьте, нужно ли вам проживание."))
        return redirect("modules:finalist")
    try:
        services.finalist_preferences_save(
            application_id=trainee.application.pk,
            skills=form.cleaned_data["skills"],
            accommodation_needed=form.cleaned_data["accommodation_needed"],
            by=request.user,
        )
    except (ValidationError, PermissionDenied) as error:
        return _refused(request, error)
    messages.success(request, _("Пожелания сохранены."))
    return redirect("modules:finalist")
