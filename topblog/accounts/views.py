"""People's pages: registration, email confirmation, login, password reset and change.

The forms that mail a link (register, resend the confirmation, password reset) answer
the same at once whatever the email, and leave finding the account, writing and mailing
for after the response (topblog.after_response): the page and its timing never tell
whether an email is registered.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from topblog.accounts import selectors, services, throttling
from topblog.accounts.forms import (
    ApiTokenForm,
    ConfirmationForm,
    ConfirmationResendForm,
    LanguageForm,
    LoginForm,
    PasswordResetForm,
    RegistrationForm,
)
from topblog.accounts.landing import ROLE_TASKS, landing_url, user_roles
from topblog.accounts.models import ConsentDocument, Role, User
from topblog.accounts.tokens import email_confirmation_token, link_valid_days
from topblog.after_response import after_response
from topblog.client_address import client_ip, client_user_agent
from topblog.i18n import english_active
from topblog.tracks.selectors import season_current


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(landing_url(request.user))
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if throttled := throttling.mail_form_throttle(request, email=form.cleaned_data["email"]):
            return throttled
        after_response(
            partial(
                services.user_register,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                language=get_language(),
                ip_address=client_ip(request),
                user_agent=client_user_agent(request),
            )
        )
        return redirect("accounts:register_done")
    return render(request, "accounts/register.html", {"form": form})


def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_done.html", {"link_valid_days": link_valid_days()})


def _user_from_uidb64(uidb64: str) -> User | None:
    try:
        return User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Opening the link shows a form; only the password the address was registered
    with confirms it and logs in. Mail scanners that open every link would otherwise
    spend it, and whoever confirms knows the password that works from then on."""
    user = _user_from_uidb64(uidb64)
    if user is None or not email_confirmation_token.check_token(user, token):
        return render(
            request, "accounts/confirm_invalid.html", {"form": ConfirmationResendForm()}, status=400
        )
    form = ConfirmationForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.user_confirm_email(user=user)
        login(request, user, backend="topblog.accounts.backends.AccountBackend")
        messages.success(request, _("Адрес электронной почты подтверждён. Добро пожаловать!"))
        # Straight on to what the person came for: an applicant to their application.
        return redirect(landing_url(user))
    return render(request, "accounts/confirm.html", {"email": user.email, "form": form})


@require_http_methods(["GET", "POST"])
def confirm_resend(request: HttpRequest) -> HttpResponse:
    form = ConfirmationResendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if throttled := throttling.mail_form_throttle(request, email=form.cleaned_data["email"]):
            return throttled
        after_response(partial(services.user_confirmation_resend, email=form.cleaned_data["email"]))
        return redirect("accounts:register_done")
    return render(request, "accounts/confirm_resend.html", {"form": form})


def consent_document(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ConsentDocument.Kind.values:
        raise Http404
    document = selectors.consent_document_current(kind=kind)
    if document is None:
        raise Http404
    context = {
        "document": document,
        "paragraphs": _paragraphs(document.text),
        "translation": _paragraphs(document.text_en) if english_active() else [],
    }
    return render(request, "accounts/consent_document.html", context)


def _paragraphs(text: str) -> list[str]:
    # The stored text is wrapped by hand; only blank lines separate paragraphs.
    return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]


@login_required
@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    """Where signing in leads when no page asked for it: the person's role home."""
    return redirect(landing_url(request.user))


@login_required
@require_GET
def role_home(request: HttpRequest) -> HttpResponse:
    """What the person's roles will let them do on the portal and when, stage by stage
    of the current season: the home of a role whose own pages are not there yet."""
    season = season_current()
    stages = {stage.kind: stage for stage in season.stages.all()} if season else {}
    now = timezone.now()

    def dated(task):
        stage = stages.get(task.stage)
        return task, stage, stage.phase(now) if stage else None

    roles = [(role, [dated(task) for task in ROLE_TASKS.get(role, ())]) for role in user_roles(request.user)]
    context = {
        "season": season,
        "roles": roles,
        "curator": Role.MINISTRY_CURATOR,
        "organizer": Role.ORGANIZER,
    }
    return render(request, "accounts/role_home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def language(request: HttpRequest) -> HttpResponse:
    """The language the person's mail comes in, which is the account's, not the page's:
    a message is written when it is sent, often with nobody on the site."""
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    form = LanguageForm(request.POST or None, initial={"language": request.user.language})
    if request.method == "POST" and form.is_valid():
        services.user_language_set(user=request.user, language=form.cleaned_data["language"])
        saved = _("Сохранено: письма будут приходить %(language)s.")
        messages.success(request, saved % {"language": request.user.language_phrase})
        return redirect(back or landing_url(request.user))
    return render(request, "accounts/language.html", {"form": form, "next": back})


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if throttled := throttling.mail_form_throttle(self.request, email=form.cleaned_data["email"]):
            return throttled
        after_response(partial(services.password_reset_request, email=form.cleaned_data["email"]))
        return redirect(self.success_url)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, link_valid_days=link_valid_days())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_login_unlock(user=form.user)
        # Whoever reset the password takes the account back from anyone who had it,
        # scripts with its API token included (Django ends the sessions itself).
        services.api_token_revoke(user=form.user)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    # Not registration/…: the admin renders those names for its own password change.
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """The person's token for their own scripts: make one (shown once) or revoke it."""
    form = ApiTokenForm(request.POST or None, request=request)
    key = None
    if request.method == "POST" and request.POST.get("action") == "revoke":
        if services.api_token_revoke(user=request.user):
            messages.success(request, _("Токен отозван: скрипты с ним больше не работают."))
        return redirect("accounts:api_token")
    if request.method == "POST" and form.is_valid():
        key = services.api_token_create(user=request.user)
        form = ApiTokenForm(request=request)
    return render(
        request,
        "accounts/api_token.html",
        {"form": form, "key": key, "token": selectors.api_token_of(user=request.user)},
    )
