"""Organizers run the final in the admin: its settings, the agenda's slots, the
presentations (read and downloaded; only the teams' uploads write them) and the jury."""

from django.db import migrations

from topblog.accounts.migration_helpers import grant_permissions


def grant(apps, schema_editor):
    grant_permissions(apps, "organizer", "final", ("add", "change", "delete", "view"))


class Migration(migrations.Migration):
    dependencies = [
        ("final", "0001_initial"),
        ("accounts", "0002_roles_and_consent_texts"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
