from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = _("Команды и медиапроекты")

    def ready(self) -> None:
        # The cabinet, the personal-data export, the dashboard and the schedule's team
        # sessions belong to earlier apps; the teams add their parts to them here.
        from applications.cabinet_parts import register_cabinet_part
        from modules.audience import register_team_roster
        from teams.cabinet import PARTS
        from teams.dashboard import PROVIDERS
        from teams.personal_data import teams_export
        from teams.selectors import team_roster
        from topblog.accounts.personal_data import register_exporter
        from topblog.dashboard.registry import register_provider

        for part in PARTS:
            register_cabinet_part(part)
        register_exporter("teams", teams_export)
        register_team_roster(team_roster)
        for provider in PROVIDERS:
            register_provider(provider)
