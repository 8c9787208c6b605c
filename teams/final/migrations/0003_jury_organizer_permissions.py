"""Organizers run the jury in the admin: they see everything of the final, edit the
season's criteria and seat jurors. Scores are the jurors' own and published results the
publication service's: both are only read there."""

from django.db import migrations

from topblog.accounts.migration_helpers import grant_permissions

CONFIGURED = ("finalcriterion", "juror")


def grant(apps, schema_editor):
    grant_permissions(apps, "organizer", "final", ("view",))
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in CONFIGURED for action in ("add", "change", "delete")]
    Group.objects.get(name="organizer").permissions.add(
        *Permission.objects.filter(content_type__app_label="final", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("final", "0002_organizer_permissions"),
        ("accounts", "0002_roles_and_consent_texts"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
