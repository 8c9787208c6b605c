"""A demo login: an account on the demo domain with a known password, reset to one role
each time the demo is seeded, like any other person given a role."""

from datetime import datetime

from topblog.accounts.models import Role, User
from topblog.accounts.services import user_role_grant
from topblog.tracks.models import Direction

DEMO_DOMAIN = "demo.topblog.local"


def demo_login_reset(
    *,
    word: str,
    role: Role,
    now: datetime,
    first_name: str = "",
    last_name: str = "",
    direction: Direction | None = None,
) -> tuple[User, str]:
    """The login ``word@demo.topblog.local`` with the password ``demo-word-2026``: created
    if need be, confirmed, stripped of anything given by hand (roles, staff access, a
    curated direction), then given ``role`` through the accounts service."""
    email = f"{word}@{DEMO_DOMAIN}"
    password = f"demo-{word}-2026"
    fields = {
        "first_name": first_name,
        "last_name": last_name,
        "is_active": True,
        "is_staff": False,
        "is_superuser": False,
        "curated_direction": None,
    }
    # create_defaults replaces defaults on creation rather than adding to them.
    user, _created = User.objects.update_or_create(
        email=email, defaults=fields, create_defaults={**fields, "email_confirmed_at": now}
    )
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
    user.set_password(password)
    user.save(update_fields=["password", "email_confirmed_at"])
    user.groups.clear()
    user_role_grant(user=user, role=role, direction=direction, granted_by=None)
    return user, password
