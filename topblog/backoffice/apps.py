from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "topblog.backoffice"
    label = "backoffice"
    verbose_name = _("Администрирование")

    def ready(self) -> None:
        # Organizers' searches find «Иванов» from «иванов» on the embedded SQLite too.
        from topblog.backoffice import sqlite_search

        sqlite_search.connect()
