from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Заявки и отбор")

    def ready(self) -> None:
        # Adds the person's applications to the download of their personal data,
        # withdraws them when the person withdraws consent to processing, adds the
        # intake's figures to the season's dashboard, and starts an applicant from their
        # application, or their cabinet once it is submitted.
        from applications import consent
        from applications.dashboard import PROVIDERS
        from applications.landing import applicant_home
        from applications.personal_data import applications_export
        from topblog.accounts.consent_withdrawal import register_consequence
        from topblog.accounts.landing import register_role_home
        from topblog.accounts.models import Role
        from topblog.accounts.personal_data import register_exporter
        from topblog.dashboard.registry import register_provider

        register_exporter("applications", applications_export)
        register_consequence(
            "applications", describe=consent.withdrawal_described, carry_out=consent.withdrawal_carry_out
        )
        for provider in PROVIDERS:
            register_provider(provider)
        register_role_home(Role.APPLICANT, applicant_home)
