"""Organizers manage applications in the admin."""

from django.db import migrations

from topblog.accounts.migration_helpers import grant_permissions


def grant(apps, schema_editor):
    # No delete: applications and their history are evidence; removal on a person's request
    # is its own recorded procedure, not a bulk admin action.
    grant_permissions(apps, "organizer", "applications", ("change", "view"))


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("accounts", "0002_roles_and_consent_texts"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
