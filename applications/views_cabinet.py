"""The applicant's personal cabinet: status on the season's timeline, the application
as submitted, its history, withdrawal and the download of all their personal data.
Every page shows the requesting person's own data only."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from applications import cabinet, selectors, services
from applications.models import Application, ApplicationStatus
from applications.personal_data import changed_by_label
from topblog.accounts.models import Role
from topblog.accounts.personal_data import personal_data_export
from topblog.tracks.models import StageKind
from topblog.tracks.selectors import season_current

# People who run or judge the season: without an application of their own the cabinet
# has nothing of theirs to show but their personal data.
STAFF_ROLES = frozenset({Role.EXPERT, Role.ORGANIZER, Role.MINISTRY_CURATOR, Role.MINISTRY_LEADERSHIP})


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Почему вы отзываете заявку (необязательно)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _is_staff_person(user) -> bool:
    return user.is_superuser or bool(user.role_codes & STAFF_ROLES)


def _can_withdraw(application: Application) -> bool:
    return ApplicationStatus.WITHDRAWN in services.ALLOWED_TRANSITIONS[application.status]


def _window_state(window, now) -> str | None:
    if window is None:
        return None
    return "before" if now < window.starts_at else "open" if window.is_open(now) else "closed"


def _own_application(request):
    season = season_current()
    application = selectors.application_of(user=request.user, season=season) if season else None
    return season, application


@login_required
@require_GET
@never_cache
def home(request):
    season, application = _own_application(request)
    now = timezone.now()
    stages = list(season.stages.all()) if season else []
    steps = cabinet.timeline(stages, now=now)
    context = {"season": season, "steps": steps, "current_stage": cabinet.current_stage(steps)}
    if application is None:
        window = next((s for s in stages if s.kind == StageKind.APPLICATIONS), None)
        context.update(window=window, window_state=_window_state(window, now))
        template = "cabinet/staff.html" if _is_staff_person(request.user) else "cabinet/start.html"
        return render(request, template, context)
    history = [
        (change, changed_by_label(change, application.applicant_id))
        for change in application.status_changes.all()
    ]
    context.update(
        application=application,
        next_step=cabinet.next_step(application.status, stages, now=now),
        can_withdraw=_can_withdraw(application),
        is_draft=application.status == ApplicationStatus.DRAFT,
        history=history,
    )
    return render(request, "cabinet/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def withdraw(request):
    _season, application = _own_application(request)
    if application is None:
        messages.error(request, _("У вас нет заявки, которую можно отозвать."))
        return redirect("cabinet:home")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application_id=application.pk, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("cabinet:home")
        messages.success(request, _("Заявка отозвана."))
        return redirect("cabinet:home")
    return render(
        request,
        "cabinet/withdraw.html",
        {"application": application, "form": form, "can_withdraw": _can_withdraw(application)},
    )


@login_required
@require_GET
@never_cache
def export(request):
    """All the portal holds about the person, as a JSON file (152-ФЗ, art. 14)."""
    response = JsonResponse(
        personal_data_export(request.user),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    filename = f"topblog-personal-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
