"""The notification centre and the unsubscribe page."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from topblog.notifications import selectors, services
from topblog.notifications.tokens import unsubscribe_user_id

PAGE_SIZE = 30


class PreferenceForm(forms.Form):
    email_optional = forms.BooleanField(required=False)


def _back(request, fallback: str = "notifications:inbox"):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_GET
def inbox(request):
    page = Paginator(selectors.portal_notifications(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "email_optional": selectors.email_optional_enabled(user=request.user)},
    )


@login_required
@require_POST
def read(request, message_id: int):
    if not services.notification_read(user=request.user, message_id=message_id):
        raise Http404
    return _back(request)


@login_required
@require_POST
def read_all(request):
    services.notification_read_all(user=request.user)
    return _back(request)


@login_required
@require_POST
def preferences(request):
    form = PreferenceForm(request.POST)
    form.is_valid()
    services.notification_preference_set(
        user=request.user, email_optional=form.cleaned_data["email_optional"]
    )
    messages.success(request, _("Настройки писем сохранены."))
    return redirect("notifications:inbox")


# The signed token is the credential, and a mail service's one-click unsubscribe (RFC 8058)
# posts without any cookie, so CSRF protection has nothing to protect here.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    user_id = unsubscribe_user_id(token)
    if user_id is None:
        raise Http404
    person = get_object_or_404(get_user_model(), pk=user_id)
    done = request.method == "POST"
    if done:
        # A one-click request carries no action: it unsubscribes.
        resubscribe = request.POST.get("action") == "resubscribe"
        preference = services.notification_preference_set(user=person, email_optional=resubscribe)
        email_optional = preference.email_optional
    else:
        email_optional = selectors.email_optional_enabled(user=person)
    return render(
        request,
        "notifications/unsubscribe.html",
        {"token": token, "done": done, "email_optional": email_optional},
    )
