"""Copies the shipped message texts (message_defaults/*.toml) into editable templates and
lets organizers watch the outbox, resend, edit templates and start broadcasts."""

from django.db import migrations

from topblog.accounts.migration_helpers import grant_permissions
from topblog.notifications.defaults import shipped_templates


def load(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    existing = set(MessageTemplate.objects.values_list("event", "language"))
    MessageTemplate.objects.bulk_create(
        MessageTemplate(
            event=texts.event, language=texts.language, subject=texts.subject, text=texts.text, html=texts.html
        )
        for key, texts in shipped_templates().items()
        if key not in existing
    )
    grant_permissions(apps, "organizer", "notifications", ("add", "change", "view"))


def unload(apps, schema_editor):
    apps.get_model("notifications", "MessageTemplate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("accounts", "0002_roles_and_consent_texts"),
    ]

    operations = [migrations.RunPython(load, unload)]
