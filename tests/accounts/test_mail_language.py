"""A person chooses the language of their mail in the cabinet; the pages say which it is."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import SeasonFactory, applicant, expert, ready_application
from topblog.accounts import services
from topblog.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_service_sets_the_language_and_refuses_one_the_portal_does_not_speak():
    person = applicant()
    services.user_language_set(user=person, language="en")
    assert User.objects.get(pk=person.pk).language == "en" and person.language == "en"
    with pytest.raises(ValueError):
        services.user_language_set(user=person, language="de")
    assert User.objects.get(pk=person.pk).language == "en"


def test_the_cabinet_says_which_language_mail_comes_in_and_links_to_change_it(client):
    application = ready_application()
    client.force_login(application.applicant)
    html = client.get(reverse("cabinet:home")).content.decode()
    assert f"приходят на {application.applicant.email} на русском языке" in html
    assert f'href="{reverse("accounts:language")}?next={reverse("cabinet:home")}"' in html


@pytest.mark.parametrize("make_person", [applicant, expert])
def test_every_cabinet_says_the_language_of_mail(client, make_person):
    SeasonFactory()
    client.force_login(make_person(language="en"))
    assert "на английском языке" in client.get(reverse("cabinet:home")).content.decode()


def test_changing_the_language_in_the_cabinet_switches_later_mail(client, django_capture_on_commit_callbacks):
    application = ready_application()
    person = application.applicant
    client.force_login(person)
    client.get(reverse("cabinet:home"))
    page = client.get(reverse("accounts:language"), {"next": reverse("cabinet:home")})
    assert 'value="ru" required id="id_language_0" checked' in page.content.decode()

    response = client.post(reverse("accounts:language"), {"language": "en", "next": reverse("cabinet:home")})

    assert response.status_code == 302 and response.url == reverse("cabinet:home")
    cabinet = client.get(reverse("cabinet:home")).content.decode()
    assert "письма будут приходить на английском языке" in cabinet
    assert "на английском языке." in cabinet, "the kept copy of the cabinet is not shown again"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": person.email})
    assert mail.outbox[-1].subject.isascii(), mail.outbox[-1].subject


def test_the_page_goes_back_only_to_this_site(client):
    client.force_login(applicant())
    response = client.post(reverse("accounts:language"), {"language": "en", "next": "https://evil.example/"})
    assert response.url == reverse("cabinet:home"), "where the applicant lands, not the other site"


def test_an_unknown_language_is_refused_on_the_page(client):
    person = applicant()
    client.force_login(person)
    response = client.post(reverse("accounts:language"), {"language": "de"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    person.refresh_from_db()
    assert person.language == "ru"


def test_the_language_page_needs_a_login(client):
    response = client.get(reverse("accounts:language"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_registration_says_mail_comes_in_the_pages_language(client):
    html = client.get(reverse("accounts:register")).content.decode()
    assert "Письма будут приходить на русском языке" in html
