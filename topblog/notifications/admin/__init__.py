"""Organizers watch the outbox, resend what failed, edit and preview message templates
and start bulk sends here. Every change goes through services. One module per model;
importing them registers them with the admin site."""

from topblog.notifications.admin import broadcasts, outbox, preferences, templates

__all__ = ["broadcasts", "outbox", "preferences", "templates"]
