from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Заявки и отбор")

    def ready(self) -> None:
        # Adds the person's applications to the download of their personal data.
        from applications.personal_data import applications_export
        from topblog.accounts.personal_data import register_exporter

        register_exporter("applications", applications_export)
