"""The person's consents in their cabinet: which are in force, and withdrawing one after
reading what follows (152-ФЗ, art. 9: consent may be withdrawn)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from topblog.accounts import consent_withdrawal, selectors, services
from topblog.accounts.models import ConsentDocument
from topblog.client_address import client_ip, client_user_agent


@login_required
@require_GET
def consent_list(request: HttpRequest) -> HttpResponse:
    consents = selectors.consents_of(user=request.user)
    active_kinds = {consent.document.kind for consent in consents if consent.withdrawn_at is None}
    return render(
        request,
        "accounts/consents.html",
        {"consents": consents, "active_kinds": active_kinds, "kinds": ConsentDocument.Kind},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, kind: str) -> HttpResponse:
    """What withdrawing will do, then a button; only the POST withdraws."""
    if kind not in ConsentDocument.Kind.values:
        raise Http404
    active = selectors.consent_active(user=request.user, kind=kind)
    if request.method == "POST" and active is not None:
        try:
            services.consent_withdraw(
                user=request.user,
                kind=kind,
                ip_address=client_ip(request),
                user_agent=client_user_agent(request),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Согласие отозвано."))
        return redirect("consents:list")
    return render(
        request,
        "accounts/consent_withdraw.html",
        {
            "kind": kind,
            "kind_label": ConsentDocument.Kind(kind).label,
            "active": active,
            "consequences": consent_withdrawal.consequences_described(user=request.user, kind=kind),
        },
    )
