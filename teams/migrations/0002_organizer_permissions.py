"""Organizers form the teams and move members in the admin."""

from django.db import migrations

from topblog.accounts.migration_helpers import grant_permissions


def grant(apps, schema_editor):
    # No delete: memberships and their history change only through the services, and a
    # team's row is referenced by the schedule, projects and the final.
    grant_permissions(apps, "organizer", "teams", ("add", "change", "view"))


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0001_initial"),
        ("accounts", "0002_roles_and_consent_texts"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
