from django import template

from topblog.notifications.selectors import portal_unread_count, request_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """The person's unread portal notifications, counted once per request however many
    templates of the page ask."""
    request = context.get("request")
    if request is not None:
        return request_unread_count(request)
    user = context.get("user")
    return portal_unread_count(user=user) if user is not None else 0
