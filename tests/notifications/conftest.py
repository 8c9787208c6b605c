import pytest

from tests.notifications.mail_backends import ScriptedBackend


@pytest.fixture
def scripted_mail(settings):
    """Mail goes to ScriptedBackend; put exceptions into ``.script`` to fail sends."""
    settings.EMAIL_BACKEND = "tests.notifications.mail_backends.ScriptedBackend"
    ScriptedBackend.script = []
    ScriptedBackend.sent = []
    yield ScriptedBackend
    ScriptedBackend.script = []
    ScriptedBackend.sent = []


@pytest.fixture
def site_url(settings) -> str:
    settings.NOTIFICATIONS_SITE_URL = "https://topblog.example.ru"
    return settings.NOTIFICATIONS_SITE_URL
