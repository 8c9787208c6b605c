"""The applicant's personal cabinet: status on the season's timeline, the application
as submitted, its history, withdrawal and the download of all their personal data.
Every page shows the requesting person's own data only."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from applications import cabinet, rules, selectors, services
from applications.cabinet_parts import SLOTS, HistoryEntry, cabinet_parts_shown
from applications.models import ApplicationStatus
from applications.personal_data import changed_by_label
from topblog.accounts.models import Role
from topblog.accounts.personal_data import PersonalDataEncoder, personal_data_export
from topblog.page_cache import personal_page
from topblog.tracks.selectors import application_window, season_current

# People who run or judge the season: without an application of their own the cabinet
# has nothing of theirs to show but their personal data.
STAFF_ROLES = frozenset({Role.EXPERT, Role.ORGANIZER, Role.MINISTRY_CURATOR, Role.MINISTRY_LEADERSHIP})

# The rendered cabinet is keyed by everything it shows (see _content_key), so a change
# shows at once; the expiry only bounds how long a renamed region or direction, or the
# previous release's template in a shared cache, lingers: with the page kept on top of
# it (topblog.page_cache), up to this plus PAGE_SECONDS.
CONTENT_SECONDS = 10 * 60


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Почему вы отзываете заявку (необязательно)"),
        required=False,
        max_length=rules.STATUS_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _is_staff_person(user) -> bool:
    return user.is_superuser or bool(user.role_codes & STAFF_ROLES)


def _can_withdraw(status: str) -> bool:
    return ApplicationStatus.WITHDRAWN in services.ALLOWED_TRANSITIONS[status]


def _content_key(state: selectors.CabinetState, steps, next_step, parts, user) -> str:
    """Everything the cabinet's content shows, as one cache key: the application's
    fingerprint (selectors.CabinetState), the season's stages with where now falls among
    them and what comes next, the later stages' parts with their own fingerprints, the
    email and mail language shown from the account, the language and the time zone the page
    is written in."""
    timeline = [
        (step.stage.pk, step.stage.kind, step.stage.starts_at, step.stage.ends_at, step.stage.venue_i18n,
         step.state, step.is_next)
        for step in steps
    ]
    shown = [(s.part.name, s.fingerprint) for s in parts]
    key_parts = [state.application_id, state.status, state.fingerprint, timeline, shown]
    key_parts += [next_step, user.email, user.language, get_language(), timezone.get_current_timezone_name()]
    return make_template_fragment_key("cabinet-home", key_parts)


def _history(full, state, parts, user) -> list[HistoryEntry]:
    """The application's status changes and the later stages' steps, oldest first."""
    entries = [
        HistoryEntry(
            at=change.changed_at,
            by=changed_by_label(change, full.applicant_id),
            before=change.get_from_status_display(),
            after=change.get_to_status_display(),
            reason=change.reason,
        )
        for change in selectors.application_history(full)
    ]
    for shown in parts:
        if shown.part.history is not None:
            entries += shown.part.history(user=user, state=state)
    return sorted(entries, key=lambda entry: entry.at)


def _content(key: str, state: selectors.CabinetState, steps, next_step, parts, user) -> str:
    """The cabinet under the site's header, rendered on the first visit after a change
    and served from the shared cache until the next one."""
    content = cache.get(key)
    if content is None:
        full = selectors.cabinet_application_full(application_id=state.application_id)
        rendered = {
            slot: [s.part.render(user=user, state=state) for s in parts if s.part.slot == slot]
            for slot in SLOTS
        }
        context = {
            "user": user,
            "steps": steps,
            "current_stage": cabinet.current_stage(steps),
            "application": full,
            "next_step": next_step,
            "can_withdraw": _can_withdraw(full.status),
            "is_draft": full.status == ApplicationStatus.DRAFT,
            "history": _history(full, state, parts, user),
            "lead_parts": rendered["lead"],
            "main_parts": rendered["main"],
        }
        content = render_to_string("cabinet/_home.html", context)
        cache.set(key, content, CONTENT_SECONDS)
    # Our own template's output, as Django's {% cache %} tag gives it back.
    return mark_safe(content)  # noqa: S308


def _start(request):
    """The cabinet of someone without an application this season: the season's timeline
    and how to apply, or, for the season's staff, what they hold here."""
    season = season_current()
    window = application_window(season=season) if season else None
    now = timezone.now()
    steps = cabinet.timeline(season.stages.all() if season else [], now=now)
    context = {
        "season": season,
        "steps": steps,
        "current_stage": cabinet.current_stage(steps),
        "window": window,
        "window_phase": window.phase(now) if window else None,
    }
    template = "cabinet/staff.html" if _is_staff_person(request.user) else "cabinet/start.html"
    return render(request, template, context)


@login_required
@require_GET
@never_cache
def home(request):
    state = selectors.cabinet_state(user=request.user)
    if state is None:
        return _start(request)
    stages = selectors.cabinet_stages_of(state)
    now = timezone.now()
    steps = cabinet.timeline(stages, now=now)
    next_step = cabinet.next_step(state.status, stages, now=now)
    parts = cabinet_parts_shown(user=request.user, state=state)
    key = _content_key(state, steps, next_step, parts, request.user)
    # Applicants come back to watch their status: while nothing on the page has changed,
    # it is served as rendered last time.
    return personal_page(
        request,
        key,
        lambda: render(
            request,
            "cabinet/home.html",
            {"content": _content(key, state, steps, next_step, parts, request.user)},
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def withdraw(request):
    state = selectors.cabinet_state(user=request.user)
    if state is None:
        messages.error(request, _("У вас нет заявки, которую можно отозвать."))
        return redirect("cabinet:home")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application_id=state.application_id, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("cabinet:home")
        messages.success(request, _("Заявка отозвана."))
        return redirect("cabinet:home")
    return render(
        request,
        "cabinet/withdraw.html",
        {
            "status": ApplicationStatus(state.status).label,
            "form": form,
            "can_withdraw": _can_withdraw(state.status),
        },
    )


@login_required
@require_GET
@never_cache
def export(request):
    """All the portal holds about the person, as a JSON file (152-ФЗ, art. 14)."""
    response = JsonResponse(
        personal_data_export(request.user),
        encoder=PersonalDataEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    filename = f"topblog-personal-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
