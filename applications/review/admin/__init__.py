"""The review stage in the organizers' admin: the season's settings with criteria and
minimums (and the progress page), experts, assignments, the selection's ranking page,
and the applications list with its scores. Writes go through the services."""

from applications.review.admin import applications, assignments, experts, selection, settings

__all__ = ["applications", "assignments", "experts", "selection", "settings"]
