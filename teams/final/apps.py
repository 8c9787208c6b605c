from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinalConfig(AppConfig):
    """The final at «Сенеж»: the teams' presentation slots and presentations, the jury and
    its results, and the ministries' view of what their team made."""

    name = "teams.final"
    label = "final"
    verbose_name = _("Финал")

    def ready(self) -> None:
        # The cabinet belongs to intake, a lower app: the final adds its part here.
        from applications.cabinet_parts import register_cabinet_part
        from teams.final.cabinet import PARTS

        for part in PARTS:
            register_cabinet_part(part)
