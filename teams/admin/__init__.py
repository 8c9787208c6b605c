"""Organizers' pages of the team module. Every write goes through ``teams.services``."""

from teams.admin import preferences  # noqa: F401
