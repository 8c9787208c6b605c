"""Where a person lands: the registry of role homes, the page of what a role will do,
and the ways in (confirmation, login, registration while signed in, «Подать заявку»)."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from applications.models import ApplicationStatus
from tests.accounts.conftest import link_in_mail
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    SeasonFactory,
    UserFactory,
    applicant,
    expert,
    ministry_curator,
    ministry_leadership,
    organizer,
    superuser,
)
from topblog.accounts import landing
from topblog.accounts.landing import landing_url, register_role_home, unregister_role_home
from topblog.accounts.models import Role
from topblog.tracks.models import Stage, StageKind

pytestmark = pytest.mark.django_db

STRONG = "Zvezda-na-Volge-42"


@pytest.fixture
def expert_home():
    """A later stage's page for experts, as the review queue will register it."""

    def home(user):
        return "/review/queue/" if user.email.startswith("queue") else None

    register_role_home(Role.EXPERT, home)
    yield home
    unregister_role_home(Role.EXPERT, home)


def test_experts_land_on_their_queue_and_the_ministries_on_the_season_in_figures():
    SeasonFactory()
    assert landing_url(expert()) == reverse("review:queue")
    for person in (ministry_curator(), ministry_leadership()):
        assert landing_url(person) == reverse("dashboard:index")


def test_a_role_whose_homes_have_nothing_for_the_person_lands_on_what_it_will_do(monkeypatch):
    SeasonFactory()
    monkeypatch.setitem(landing._homes, Role.EXPERT, [lambda user: None])
    assert landing_url(expert()) == reverse("accounts:role_home")


def test_organizers_and_superusers_land_in_the_admin():
    assert landing_url(organizer()) == reverse("admin:index")
    assert landing_url(superuser()) == reverse("admin:index")


def test_a_person_without_a_role_lands_on_the_public_page():
    assert landing_url(UserFactory()) == reverse("home")


def test_a_later_stage_registers_its_home_and_wins_for_the_people_it_concerns(expert_home):
    assert landing_url(expert(email="queue@example.ru")) == "/review/queue/"
    # The later home has nothing for this expert: the earlier one (the review's) answers.
    assert landing_url(expert(email="other@example.ru")) == reverse("review:queue")


def test_registering_the_same_home_twice_asks_it_once(expert_home):
    register_role_home(Role.EXPERT, expert_home)
    assert landing_url(expert(email="queue@example.ru")) == "/review/queue/"


def test_a_person_with_several_roles_lands_where_the_leading_role_works():
    person = expert()
    person.groups.add(*organizer().groups.all())
    person.__dict__.pop("_role_codes", None)
    assert landing_url(person) == reverse("admin:index")


@pytest.mark.parametrize(
    ("status", "url_name"),
    [
        (None, "applications:form"),
        (ApplicationStatus.DRAFT, "applications:form"),
        (ApplicationStatus.SUBMITTED, "cabinet:home"),
        (ApplicationStatus.WITHDRAWN, "cabinet:home"),
    ],
)
def test_an_applicant_lands_on_the_form_until_the_application_is_submitted(status, url_name):
    SeasonFactory()
    person = applicant()
    if status is not None:
        ApplicationFactory(
            applicant=person, status=status,
            submitted_at=None if status == ApplicationStatus.DRAFT else timezone.now(),
        )
    assert landing_url(person) == reverse(url_name)


def test_an_applicant_lands_in_the_cabinet_once_the_window_is_over():
    season = SeasonFactory()
    Stage.objects.filter(season=season, kind=StageKind.APPLICATIONS).update(
        starts_at=timezone.now() - timedelta(days=20), ends_at=timezone.now() - timedelta(days=1)
    )
    assert landing_url(applicant()) == reverse("cabinet:home")


def test_confirming_the_email_leads_straight_into_the_application(client, django_capture_on_commit_callbacks):
    SeasonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:register"),
            {"email": "anna@example.ru", "password1": STRONG, "password2": STRONG, "consent": "on"},
        )
    link = urlparse(link_in_mail("/accounts/confirm/")).path

    confirmed = client.post(link, {"password": STRONG}, follow=True)

    assert confirmed.redirect_chain == [(reverse("applications:form"), 302)]
    html = confirmed.content.decode()
    assert "Адрес электронной почты подтверждён" in html and "<h1>Заявка на участие</h1>" in html


def test_signing_in_without_a_next_page_lands_where_the_role_works(client):
    SeasonFactory()
    person = ministry_leadership(email="sergey@example.ru")
    response = client.post(
        reverse("accounts:login"), {"username": person.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1] == (reverse("dashboard:index"), 302)


def test_the_register_page_sends_a_signed_in_applicant_to_the_application(client):
    SeasonFactory()
    client.force_login(applicant())
    assert client.get(reverse("accounts:register")).url == reverse("applications:form")


def test_every_apply_button_takes_a_signed_in_applicant_to_their_form(client):
    SeasonFactory()
    client.force_login(applicant())
    html = client.get(reverse("home")).content.decode()
    assert f'<a class="button" href="{reverse("applications:form")}">Подать заявку</a>' in html
    assert reverse("accounts:register") not in html


def test_the_public_page_offers_staff_their_own_page_instead_of_applying(client):
    SeasonFactory()
    client.force_login(expert())
    html = client.get(reverse("home")).content.decode()
    assert "Подать заявку" not in html
    assert f'href="{reverse("accounts:landing")}">Ваш раздел</a>' in html


def test_the_public_page_sends_a_visitor_to_registration(client):
    SeasonFactory()
    html = client.get(reverse("home")).content.decode()
    assert f'<a class="button" href="{reverse("accounts:register")}">Подать заявку</a>' in html


def test_the_landing_address_needs_a_login(client):
    response = client.get(reverse("accounts:landing"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


# The page of what a role will do


def test_an_expert_reads_what_they_will_do_and_when(client):
    season = SeasonFactory()
    review = season.stages.get(kind=StageKind.PORTFOLIO_REVIEW)
    client.force_login(expert())
    html = client.get(reverse("accounts:role_home")).content.decode()
    assert "<h2 id=\"role-expert\">Эксперт</h2>" in html
    assert "Оценить портфолио и идеи медиапроектов" in html
    assert date_format(timezone.localtime(review.starts_at), "j E") in html
    assert "Экспертиза портфолио" in html and "Подать заявку" not in html


def test_a_curator_reads_their_direction_and_the_stages_they_take_part_in(client):
    SeasonFactory()
    client.force_login(ministry_curator("health"))
    html = client.get(reverse("accounts:role_home")).content.decode()
    assert "Куратор министерства: Здравоохранение (Минздрав России)" in html
    for stage in ("Экспертиза портфолио", "Доработка и тестирование медиапроектов", "Финал"):
        assert stage in html


def test_leadership_reads_about_the_final(client):
    season = SeasonFactory()
    season.stages.filter(kind=StageKind.FINAL).update(venue="Сенеж")
    client.force_login(ministry_leadership())
    html = client.get(reverse("accounts:role_home")).content.decode()
    assert "Руководство министерства" in html and "Финал" in html and "Сенеж" in html
    assert "всех пяти направлений" in html


def test_the_current_stage_is_marked_as_under_way(client):
    SeasonFactory()
    client.force_login(organizer())
    html = client.get(reverse("accounts:role_home")).content.decode()
    assert '<li aria-current="step">' in html and "идёт сейчас" in html


def test_without_a_season_the_page_says_dates_will_come(client):
    client.force_login(expert())
    html = client.get(reverse("accounts:role_home")).content.decode()
    assert "Даты этапов появятся, когда организаторы объявят сезон." in html


def test_the_role_page_needs_a_login(client):
    response = client.get(reverse("accounts:role_home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_the_role_page_shows_only_the_persons_own_roles(client):
    SeasonFactory()
    client.force_login(applicant())
    html = client.get(reverse("accounts:role_home")).content.decode()
    assert "Подать заявку: анкету" in html
    assert "Эксперт" not in html and "Куратор министерства" not in html
