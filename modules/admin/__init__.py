"""Organizers run the programme in the admin: the season's settings, the schedule and
attendance, modules and assignments, submissions, certificates with the register's
export, and the finalists. Every change of a person's state goes through a service."""

from modules.admin import certificates, finalists, programme, schedule, settings  # noqa: F401
