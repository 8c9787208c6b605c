"""Reads about people that views, forms and admin share."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework.authtoken.models import Token

from topblog.accounts.models import Consent, ConsentDocument, User


def consent_document_current(*, kind: str) -> ConsentDocument | None:
    """The version of a consent text people agree to now: the latest already published."""
    return (
        ConsentDocument.objects.filter(kind=kind, published_at__lte=timezone.now())
        .order_by("-version")
        .first()
    )


def users_unconfirmed(*, email: str) -> QuerySet[User]:
    """The account registered with this email that has never been confirmed, if any (a
    queryset, so a service can lock it). An account an organizer deactivated after
    confirmation is not one: it must not reactivate itself through a confirmation link."""
    return User.objects.filter(
        email=User.objects.normalize_email(email), is_active=False, email_confirmed_at__isnull=True
    )


def users_for_password_reset(*, email: str) -> QuerySet[User]:
    """The active account with this email and a password it can log in with, which a
    reset link may be sent to."""
    return User.objects.filter(email=User.objects.normalize_email(email), is_active=True).exclude(
        password__startswith=UNUSABLE_PASSWORD_PREFIX
    )


def consents_of(*, user: User) -> list[Consent]:
    """Every consent the person gave, newest first, with the text agreed to."""
    return list(Consent.objects.filter(user=user).select_related("document").order_by("-given_at", "-pk"))


def consent_active(*, user: User, kind: str) -> Consent | None:
    """The person's consent of ``kind`` in force, if any."""
    return (
        Consent.objects.filter(user=user, document__kind=kind, withdrawn_at__isnull=True)
        .select_related("document")
        .order_by("-given_at")
        .first()
    )


def api_token_of(*, user: User) -> Token | None:
    """The person's API token, if they made one (its key is never shown again)."""
    return Token.objects.filter(user=user).first()
