import re

import pytest
from axes.utils import reset as axes_reset
from django.core import mail

from tests.factories import applicant
from topblog.accounts.models import User


@pytest.fixture(autouse=True)
def _no_lockouts_carried_over():
    """django-axes keeps failed attempts; each test starts with none."""
    axes_reset()
    yield
    axes_reset()


@pytest.fixture
def unconfirmed_user() -> User:
    """An account registered but never confirmed, as registration leaves it."""
    return applicant(is_active=False, email_confirmed_at=None)


def link_in_mail(path_prefix: str, message: mail.EmailMessage | None = None) -> str:
    """The first link in the (last) sent mail whose path starts with ``path_prefix``."""
    message = message or mail.outbox[-1]
    bodies = [message.body, *(content for content, _type in getattr(message, "alternatives", []))]
    for body in bodies:
        found = re.search(rf"https?://[^\s\"'<>]+{re.escape(path_prefix)}[^\s\"'<>]+", body)
        if found:
            return found.group(0)
    raise AssertionError(f"No link to {path_prefix} in the mail: {message.body!r}")
