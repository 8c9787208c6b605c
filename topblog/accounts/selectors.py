"""Reads about people that views, forms and admin share."""

from django.utils import timezone

from topblog.accounts.models import ConsentDocument, User


def consent_document_current(*, kind: str) -> ConsentDocument | None:
    """The version of a consent text people agree to now: the latest already published."""
    return (
        ConsentDocument.objects.filter(kind=kind, published_at__lte=timezone.now())
        .order_by("-version")
        .first()
    )


def user_unconfirmed(*, email: str) -> User | None:
    """The account registered with this email that has never been confirmed, if any.
    An account an organizer deactivated after confirmation is not one: it must not
    reactivate itself through a confirmation link."""
    return User.objects.filter(email=email.lower(), is_active=False, email_confirmed_at__isnull=True).first()


def user_unconfirmed_by_credentials(*, email: str, password: str) -> User | None:
    """The unconfirmed account these credentials open. Only someone who knows the
    password learns that the account exists and waits for confirmation."""
    user = user_unconfirmed(email=email)
    if user is not None and user.check_password(password):
        return user
    return None
