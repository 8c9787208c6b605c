"""Organizers run the programme in the admin."""

from django.db import migrations

from topblog.accounts.migration_helpers import grant_permissions


def grant(apps, schema_editor):
    # Delete too: a session or a module entered by mistake must go; the services and the
    # database refuse to delete what people's records depend on (PROTECT).
    grant_permissions(apps, "organizer", "modules", ("add", "change", "delete", "view"))


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0001_initial"),
        ("accounts", "0002_roles_and_consent_texts"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
