"""How a login is checked: Django's ModelBackend, except that an account waiting for its
email confirmation is let through to the login form when its password is right, so the
form can tell the person to confirm (LoginForm.confirm_login_allowed) without checking the
password a second time. Every login thus hashes the password exactly once, whether the
email is unknown, confirmed or not: the response time tells nothing. Sessions still
belong to active accounts only (get_user keeps ModelBackend's check)."""

from django.contrib.auth.backends import ModelBackend

from topblog.accounts.models import User


def awaits_confirmation(user: User) -> bool:
    """Registered but never confirmed; an account an organizer deactivated is not one."""
    return not user.is_active and user.email_confirmed_at is None


class AccountBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            # Hashed anyway, as ModelBackend does, so an unknown email takes as long.
            User().set_password(password)
            return None
        if user.check_password(password) and (self.user_can_authenticate(user) or awaits_confirmation(user)):
            return user
        return None
