import pytest
from django.urls import reverse

from tests.factories import organizer

STRONG = "Zvezda-na-Volge-42"

# The forms that mail a link, as the browser posts them for ``email``.
MAIL_FORMS = {
    "register": lambda email: (
        reverse("accounts:register"),
        {"email": email, "password1": STRONG, "password2": STRONG, "consent": "on"},
    ),
    "resend": lambda email: (reverse("accounts:confirm_resend"), {"email": email}),
    "reset": lambda email: (reverse("accounts:password_reset"), {"email": email}),
}


@pytest.fixture
def organizer_client(client):
    client.force_login(organizer())
    return client
