"""The workspace in the admin: organizers read every project, set the checkpoints and
the season's settings, import the figures and export everything."""

from teams.projects.admin import checkpoints, projects  # noqa: F401
