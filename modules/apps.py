from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = _("Образовательная программа")

    def ready(self) -> None:
        # The cabinet, the personal-data export, what follows a consent's withdrawal and
        # the dashboard and where an expert lands belong to lower apps; the programme adds
        # its parts to them here.
        from applications.cabinet_parts import register_cabinet_part
        from modules import consent
        from modules.cabinet import PARTS
        from modules.dashboard import PROVIDERS
        from modules.landing import grader_home
        from modules.personal_data import programme_export
        from topblog.accounts.consent_withdrawal import register_consequence
        from topblog.accounts.landing import register_role_home
        from topblog.accounts.models import Role
        from topblog.accounts.personal_data import register_exporter
        from topblog.dashboard.registry import register_provider

        for part in PARTS:
            register_cabinet_part(part)
        register_exporter("programme", programme_export)
        register_consequence(
            "programme", describe=consent.withdrawal_described, carry_out=consent.withdrawal_carry_out
        )
        for provider in PROVIDERS:
            register_provider(provider)
        register_role_home(Role.EXPERT, grader_home)
