from django import template

from topblog.notifications.selectors import portal_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """The person's unread portal notifications, counted once per request however many
    templates of the page ask."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if request is None:
        return portal_unread_count(user=user)
    if not hasattr(request, "_unread_notification_count"):
        request._unread_notification_count = portal_unread_count(user=user)
    return request._unread_notification_count
