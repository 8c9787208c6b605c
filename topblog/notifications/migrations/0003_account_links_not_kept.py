"""Account links are no longer kept: the messages written before carry the confirmation
and reset links in their context and stored copy, and an organizer may have edited those
events' templates. The links are removed from the kept messages, and the templates go
back to the shipped texts, which are the only ones used now."""

import re

from django.db import migrations

from topblog.notifications.defaults import shipped_templates

ACCOUNT_EVENTS = ("account_confirm_email", "password_reset")
# Any address with a confirmation or reset path, absolute or not.
ACCOUNT_LINK = re.compile(r"\S*/accounts/(?:confirm|password/reset)/[^\s\"'<>]+")


def forward(apps, schema_editor):
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    for message in OutboxMessage.objects.filter(event__in=ACCOUNT_EVENTS).iterator():
        message.context = {}
        message.subject = ACCOUNT_LINK.sub("[…]", message.subject)
        message.body = ACCOUNT_LINK.sub("[…]", message.body)
        message.save(update_fields=["context", "subject", "body"])
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for template in MessageTemplate.objects.filter(event__in=ACCOUNT_EVENTS):
        shipped = shipped_templates().get((template.event, template.language))
        if shipped is not None:
            template.subject, template.text, template.html = shipped.subject, shipped.text, shipped.html
            template.save(update_fields=["subject", "text", "html"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_message_templates")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
