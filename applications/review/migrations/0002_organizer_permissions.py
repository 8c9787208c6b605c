"""Organizers run the review in the admin: they see everything of it, configure the
season's review, invite experts and record their conflicts. Reviews and scores are the
experts' own and are only read there."""

from django.db import migrations

from topblog.accounts.migration_helpers import grant_permissions

CONFIGURED = ("reviewsettings", "criterion", "selectionminimum", "expertprofile", "expertconflict")


def grant(apps, schema_editor):
    grant_permissions(apps, "organizer", "review", ("change", "view"))
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in CONFIGURED for action in ("add", "delete")]
    Group.objects.get(name="organizer").permissions.add(
        *Permission.objects.filter(content_type__app_label="review", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("accounts", "0002_roles_and_consent_texts"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
