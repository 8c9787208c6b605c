"""The final in the organizers' admin, one module per concern: the agenda and the
presentations, the jury with its criteria, scores and results. Writes go through the
services."""

from teams.final.admin import jury, presentations  # noqa: F401
