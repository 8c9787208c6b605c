from django.apps import AppConfig
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "topblog.accounts"
    label = "accounts"
    verbose_name = _("Люди и роли")

    def ready(self) -> None:
        # The links that open an account are made when their mail is sent, never stored.
        from topblog.accounts import links, throttling
        from topblog.notifications.models import Event
        from topblog.notifications.placeholders import register_secret_source

        register_secret_source(Event.ACCOUNT_CONFIRM_EMAIL, links.confirmation_link)
        register_secret_source(Event.PASSWORD_RESET, links.password_reset_link)
        # Failed logins count against their address (a password spray over many accounts).
        user_login_failed.connect(throttling.login_failed, dispatch_uid="topblog.accounts.throttling")
