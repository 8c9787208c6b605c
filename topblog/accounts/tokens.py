"""Signed links that confirm a person owns the email they registered with."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator

from topblog.accounts.models import User


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    # A salt of its own, so a password reset token can never confirm an email, nor the reverse.
    key_salt = "topblog.accounts.tokens.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        # Confirming changes is_active and email_confirmed_at, which spends the link.
        # So does registering the email again, which sets a new password: the link
        # must open the account with the password of the registration it came from.
        confirmed_at = user.email_confirmed_at.timestamp() if user.email_confirmed_at else ""
        return f"{user.pk}{user.email}{user.password}{user.is_active}{confirmed_at}{timestamp}"


email_confirmation_token = EmailConfirmationTokenGenerator()


def link_valid_days() -> int:
    """How many days the mailed links stay valid, as the pages tell people: both
    generators expire after PASSWORD_RESET_TIMEOUT. Whole days, rounded down, so a page
    never promises more than the link keeps."""
    return settings.PASSWORD_RESET_TIMEOUT // (24 * 3600)
