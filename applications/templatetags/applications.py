from django import template

from applications import rules

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """A stored phone number as people read it: «+7 912 345-67-89»."""
    return rules.phone_display(value or "")
