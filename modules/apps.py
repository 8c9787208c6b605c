from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = _("Образовательная программа")

    def ready(self) -> None:
        # The cabinet and the personal-data export belong to lower apps; the programme
        # adds its parts to them here.
        from applications.cabinet_parts import register_cabinet_part
        from modules.cabinet import PARTS
        from modules.personal_data import programme_export
        from topblog.accounts.personal_data import register_exporter

        for part in PARTS:
            register_cabinet_part(part)
        register_exporter("programme", programme_export)
