"""Signed unsubscribe links. They never expire: a person may open a months-old message,
and the link can do no more than turn optional mail off or back on."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "topblog.notifications.unsubscribe"


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=SALT)


def unsubscribe_user_id(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_url(user_id: int) -> str:
    path = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user_id)})
    return settings.NOTIFICATIONS_SITE_URL + path
