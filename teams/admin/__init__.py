"""Organizers form the teams in the admin: the teams with their members, the members
with their locks, moves and roster exports, the history of every change, the finalists'
wishes for a direction, and the formation runs with the page that computes and applies
them. Every write goes through ``teams.services``."""

from teams.admin import members, preferences, teams  # noqa: F401
