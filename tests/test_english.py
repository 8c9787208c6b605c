"""The English version: no Russian word is left on an English page, except what people
typed themselves (names, towns, ideas) and what a page marks as Russian on purpose
(``lang="ru"``: the switch back to Russian, the binding Russian text of a consent)."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus
from tests.factories import (
    ApplicationFactory,
    ContentLinkFactory,
    PortfolioFileFactory,
    SeasonFactory,
    SocialAccountFactory,
    StatusChangeFactory,
    applicant,
    choose_directions,
    expert,
    ministry_curator,
    ministry_leadership,
    organizer,
    ready_application,
)
from topblog.tracks.models import Direction, Region, Stage, StageKind

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Attributes a reader meets: read aloud, shown on hover or as a button's face.
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


class _Reader(HTMLParser):
    """The text a reader of the page meets, outside elements marked lang="ru" and outside
    the values of form fields, which hold what the person typed."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    def _skipped(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = attrs.get("lang") == "ru" or tag in ("script", "style", "textarea")
        if not skip and not self._skipped():
            self.texts += [attrs[name] for name in READ_ATTRIBUTES if attrs.get(name)]
            if tag == "input" and attrs.get("type") in ("submit", "button"):
                self.texts.append(attrs.get("value") or "")
        if tag not in self.VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self._skipped() and data.strip():
            self.texts.append(data.strip())


def russian_left(html: str, *, typed: tuple[str, ...] = ()) -> list[str]:
    reader = _Reader()
    reader.feed(html)
    left = []
    for text in reader.texts:
        for value in typed:
            text = text.replace(value, "")
        if CYRILLIC.search(text):
            left.append(text)
    return left


def english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def full_application(**kwargs):
    """An application with every part an English page could show in Russian: region,
    ministry, directions, platforms, files, links and a stage with a venue."""
    application = ready_application(**kwargs)
    SocialAccountFactory(application=application, platform="vk", url="https://vk.com/maria", followers=900)
    SocialAccountFactory(application=application, platform="dzen", url="https://dzen.ru/maria", followers=50)
    SocialAccountFactory(application=application, platform="ok", url="https://ok.ru/maria", followers=5)
    ContentLinkFactory(application=application)
    PortfolioFileFactory(application=application)
    Stage.objects.filter(season=application.season, kind=StageKind.FINAL).update(
        venue="Мастерская управления «Сенеж»", venue_en="Senezh Management Workshop"
    )
    return application


# What the factories' applicant typed: Russian on an English page, and rightly so.
TYPED = ("Иванова", "Мария", "Москва", "Хочу рассказывать о науке понятно.", "Наука рядом",
         "Короткие ролики о лабораториях региона.")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/accounts/register/",
        "/accounts/register/done/",
        "/accounts/login/",
        "/accounts/password/reset/",
        "/accounts/confirm/resend/",
        "/accounts/consent/processing/",
        "/accounts/consent/publication/",
    ],
)
def test_public_pages_have_no_russian_in_english(client, url):
    season = SeasonFactory()
    Stage.objects.filter(season=season, kind=StageKind.FINAL).update(venue="Сенеж", venue_en="Senezh")
    response = english(client).get(url)
    assert response.status_code == 200
    assert russian_left(response.content.decode()) == []


def test_the_application_form_has_no_russian_in_english(client):
    application = full_application()
    client.force_login(application.applicant)
    html = english(client).get(reverse("applications:form")).content.decode()
    assert russian_left(html, typed=TYPED) == []
    assert "Nizhny Novgorod Region" in html and "VK" in html


def test_an_empty_application_form_has_no_russian_in_english(client):
    SeasonFactory()
    client.force_login(applicant())
    html = english(client).get(reverse("applications:form")).content.decode()
    assert russian_left(html) == []


@pytest.mark.parametrize("status", [ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED])
def test_the_cabinet_has_no_russian_in_english(client, status):
    application = full_application(
        status=status, submitted_at=timezone.now() if status != ApplicationStatus.DRAFT else None
    )
    if status != ApplicationStatus.DRAFT:
        StatusChangeFactory(application=application, changed_by=application.applicant)
    client.force_login(application.applicant)
    html = english(client).get(reverse("cabinet:home")).content.decode()
    assert russian_left(html, typed=TYPED) == []
    assert "Moscow" in html and "Senezh Management Workshop" in html


def test_an_officials_cabinet_names_the_ministry_in_english(client):
    application = ApplicationFactory(
        role="official", ministry_direction=Direction.objects.get(code="health"), department="Департамент",
        position="Советник",
    )
    choose_directions(application, "health")
    client.force_login(application.applicant)
    html = english(client).get(reverse("cabinet:home")).content.decode()
    assert russian_left(html, typed=(*TYPED, "Департамент", "Советник")) == []
    assert "Ministry of Health of the Russian Federation" in html


def test_every_region_has_its_english_name():
    assert not Region.objects.filter(name_en="").exists()
    assert Region.objects.get(code="52").name_en == "Nizhny Novgorod Region"


def test_the_reader_sees_what_a_browser_shows():
    html = (
        '<p>Hello <span lang="ru">Русский</span></p><input value="Иван"><textarea>Текст</textarea>'
        '<button title="Кнопка">OK</button><img alt="Рисунок"><input type="submit" value="Отправить">'
    )
    assert russian_left(html) == ["Кнопка", "Рисунок", "Отправить"]


def test_a_consent_text_reads_in_english_with_the_binding_russian_text_beside_it(client):
    html = english(client).get(reverse("accounts:consent_document", args=["processing"])).content.decode()
    assert "<h1>Consent to the processing of personal data</h1>" in html
    assert "The Russian text of the consent is legally binding." in html
    assert '<div lang="ru"><p>Я, действуя свободно' in html


@pytest.mark.parametrize("make_person", [expert, ministry_curator, ministry_leadership, organizer])
def test_the_page_of_what_a_role_will_do_has_no_russian_in_english(client, make_person):
    season = SeasonFactory()
    Stage.objects.filter(season=season, kind=StageKind.FINAL).update(venue="Сенеж", venue_en="Senezh")
    client.force_login(make_person())
    for url in (reverse("accounts:role_home"), reverse("cabinet:home"), reverse("accounts:language")):
        assert russian_left(english(client).get(url).content.decode()) == []
