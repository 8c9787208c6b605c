from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The season at a glance: organizers' dashboard and the ministries' page, drawn from
    the figures each stage's app registers (``topblog.dashboard.registry``)."""

    name = "topblog.dashboard"
    label = "dashboard"
    verbose_name = _("Сезон в цифрах")
