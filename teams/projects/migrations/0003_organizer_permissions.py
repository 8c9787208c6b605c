"""Organizers set the checkpoints and the season's settings, read and export the teams'
work and import the figures in the admin."""

from django.db import migrations

from topblog.accounts.migration_helpers import grant_permissions


def grant(apps, schema_editor):
    # Delete too: a checkpoint placed by mistake must go; the admin keeps the teams'
    # own records read-only whatever the permission.
    grant_permissions(apps, "organizer", "projects", ("add", "change", "delete", "view"))


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_settings"),
        ("accounts", "0002_roles_and_consent_texts"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
