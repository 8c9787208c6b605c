import pytest

from tests.factories import UserFactory
from topblog.notifications import services
from topblog.notifications.personal_data import notifications_export

pytestmark = pytest.mark.django_db


def test_export_holds_the_mail_preference_default_on():
    person = UserFactory()
    assert notifications_export(person)["email_optional"] is True
    services.notification_preference_set(user=person, email_optional=False)
    assert notifications_export(person)["email_optional"] is False
