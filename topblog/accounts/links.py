"""The links mailed to a person that open their account: the email confirmation and the
password reset. They are made when the mail is sent, never stored (see
topblog.notifications.placeholders), and registered with the outbox as those events'
secrets from AccountsConfig.ready()."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from topblog.accounts.models import User
from topblog.accounts.tokens import email_confirmation_token


def _path(url_name: str, user: User, token: str) -> str:
    return reverse(url_name, kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token})


def confirmation_link(recipient_id: int) -> dict[str, str]:
    user = User.objects.get(pk=recipient_id)
    return {"confirm_url": _path("accounts:confirm", user, email_confirmation_token.make_token(user))}


def password_reset_link(recipient_id: int) -> dict[str, str]:
    user = User.objects.get(pk=recipient_id)
    token = default_token_generator.make_token(user)
    return {"reset_url": _path("accounts:password_reset_confirm", user, token)}
