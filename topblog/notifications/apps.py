from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "topblog.notifications"
    label = "notifications"
    verbose_name = _("Уведомления")

    def ready(self) -> None:
        # Importing checks registers the check that every event has its shipped texts;
        # the person's messages join the download of their personal data, and the
        # outbox's figures the organizers' dashboard.
        from topblog.accounts.personal_data import register_exporter
        from topblog.dashboard.registry import register_provider
        from topblog.notifications import checks  # noqa: F401
        from topblog.notifications.dashboard import PROVIDER
        from topblog.notifications.personal_data import notifications_export

        register_exporter("notifications", notifications_export)
        register_provider(PROVIDER)
