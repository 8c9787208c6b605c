"""The notifications app's part of a person's data export: the messages sent to them
and their mail preference. Registered from NotificationsConfig.ready()."""

from typing import Any

from topblog.accounts.models import User
from topblog.notifications import selectors
from topblog.notifications.models import OutboxMessage


def notifications_export(user: User) -> dict[str, Any]:
    messages = OutboxMessage.objects.filter(recipient=user).order_by("created_at", "pk")
    return {
        "email_optional": selectors.email_optional_enabled(user=user),
        "messages": [
            {
                "event": message.event,
                "channel": message.channel,
                "state": message.state,
                "created_at": message.created_at,
                "sent_at": message.sent_at,
                "read_at": message.read_at,
                "subject": message.subject,
                "body": message.body,
            }
            for message in messages
        ],
    }
