from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "topblog.demo"
    label = "demo"
    verbose_name = _("Демо-сезон")

    def ready(self) -> None:
        # The review stage's, the programme's and the teams' demo applicant logins join
        # intake's (applicants.py).
        from topblog.demo import programme_logins, review_logins, teams  # noqa: F401
