from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """The teams' media projects and their three months of refinement: a stage of its own,
    nested in the teams it belongs to."""

    name = "teams.projects"
    label = "projects"
    verbose_name = _("Медиапроекты")
