from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinalConfig(AppConfig):
    """The final at «Сенеж»: the teams' presentation slots and presentations, the jury and
    its results, and the ministries' view of what their team made."""

    name = "teams.final"
    label = "final"
    verbose_name = _("Финал")
