"""The final in the organizers' admin, one module per concern. Writes go through the
services."""

from teams.final.admin import jury

__all__ = ["jury"]
