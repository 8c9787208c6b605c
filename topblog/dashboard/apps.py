from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The season at a glance: organizers' dashboard and the ministries' page, drawn from
    the figures each stage's app registers (``topblog.dashboard.registry``)."""

    name = "topblog.dashboard"
    label = "dashboard"
    verbose_name = _("Сезон в цифрах")

    def ready(self) -> None:
        # Ministry leadership and curators start from the season's figures, their page here.
        from topblog.accounts.landing import register_role_home
        from topblog.accounts.models import Role
        from topblog.dashboard.landing import ministries_home

        register_role_home(Role.MINISTRY_LEADERSHIP, ministries_home)
        register_role_home(Role.MINISTRY_CURATOR, ministries_home)
