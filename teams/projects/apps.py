from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """The teams' media projects and their three months of refinement: a stage of its own,
    nested in the teams it belongs to."""

    name = "teams.projects"
    label = "projects"
    verbose_name = _("Медиапроекты")

    def ready(self) -> None:
        # The cabinet and the dashboard belong to lower apps; the workspace adds its
        # parts to them here.
        from applications.cabinet_parts import register_cabinet_part
        from teams.projects.cabinet import PARTS
        from teams.projects.dashboard import PROVIDERS
        from topblog.dashboard.registry import register_provider

        for part in PARTS:
            register_cabinet_part(part)
        for provider in PROVIDERS:
            register_provider(provider)
