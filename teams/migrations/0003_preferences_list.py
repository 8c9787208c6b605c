"""The organizers' list of who has stated their wishes for a team: a proxy of the
finalists, which organizers may view."""

from django.db import migrations

from topblog.accounts.migration_helpers import grant_permissions


def grant(apps, schema_editor):
    grant_permissions(apps, "organizer", "teams", ("view",))


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0002_organizer_permissions"),
        ("teams", "0002_organizer_permissions"),
        ("accounts", "0002_roles_and_consent_texts"),
    ]

    operations = [
        migrations.CreateModel(
            name="FinalistWishes",
            fields=[],
            options={
                "verbose_name": "финалист командного модуля",
                "verbose_name_plural": "финалисты командного модуля",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("modules.finalist",),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
