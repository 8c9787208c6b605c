"""Organizers manage applications in the admin."""

from django.db import migrations

from topblog.accounts.migration_helpers import grant_permissions


def grant(apps, schema_editor):
    grant_permissions(apps, "organizer", "applications", ("add", "change", "delete", "view"))


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("accounts", "0002_roles_and_consent_texts"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
