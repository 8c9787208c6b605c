"""Reads about people that views, forms and admin share."""

from django.db.models import QuerySet
from django.utils import timezone

from topblog.accounts.models import ConsentDocument, User


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


def user_unconfirmed_by_credentials(*, email: str, password: str) -> User | None:
    """The unconfirmed account these credentials open. Only someone who knows the
    password learns that the account exists and waits for confirmation."""
    user = users_unconfirmed(email=email).first()
    if user is not None and user.check_password(password):
        return user
    return None
