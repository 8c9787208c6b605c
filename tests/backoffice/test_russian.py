"""Russian in the organizers' admin: every count agrees with its noun (1 заявка, 2 заявки,
5 заявок, 21 заявка, 5 101 заявка), the object of a verb is in the accusative («Добавить
рассылку»), and no sentence agrees with the wrong gender («Рассылка … был добавлен»)."""

import gettext as gettext_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from applications.models import Application
from tests.factories import ApplicationFactory, SeasonFactory, organizer, superuser
from topblog.accounts.models import Role, User
from topblog.backoffice import grammar
from topblog.notifications.models import Broadcast, Event, OutboxMessage
from topblog.tracks.models import Region

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"


def catalog(language: str) -> dict:
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as compiled:
        return gettext_module.GNUTranslations(compiled)._catalog


@pytest.mark.parametrize(
    ("model", "forms"),
    [
        (Application, ["1 заявка", "2 заявки", "5 заявок", "21 заявка", "5\xa0101 заявка"]),
        (OutboxMessage, ["1 сообщение", "2 сообщения", "5 сообщений", "21 сообщение", "5\xa0101 сообщение"]),
        (User, ["1 пользователь", "2 пользователя", "5 пользователей", "21 пользователь",
                "5\xa0101 пользователь"]),
        (Region, ["1 регион", "2 региона", "5 регионов", "21 регион", "5\xa0101 регион"]),
    ],
)
def test_a_count_agrees_with_its_noun(model, forms):
    counted = [grammar.counted(model._meta, n) for n in (1, 2, 5, 21, 5101)]
    assert counted == forms
    assert grammar.counted(model._meta, 104).startswith("104 ")
    assert grammar.counted(Application._meta, 104) == "104 заявки"


def test_english_counts_and_objects_keep_their_own_grammar():
    with translation.override("en"):
        assert [grammar.counted(Application._meta, n) for n in (1, 2, 21, 5101)] == [
            "1 application", "2 applications", "21 applications", "5,101 applications",
        ]
        assert grammar.accusative(Broadcast._meta) == "broadcast"


def test_the_object_of_a_verb_is_in_the_accusative():
    assert grammar.accusative(Broadcast._meta) == "рассылку"
    assert grammar.accusative(User._meta) == "пользователя"
    assert grammar.accusative(Region._meta) == "регион"


def test_every_model_in_the_admin_has_its_russian_forms():
    ru = catalog("ru")
    missing = []
    with translation.override("ru"):
        for model in admin.site._registry:
            name = str(model._meta.verbose_name)
            if not all((name, form) in ru for form in range(3)):
                missing.append(f"{model._meta.label}: the three counted forms of «{name}»")
            elif ru[name, 0] != name:
                missing.append(f"{model._meta.label}: the first counted form of «{name}» must be «{name}»")
            if f"accusative\x04{name}" not in ru:
                missing.append(f"{model._meta.label}: «{name}» in the accusative")
    assert missing == [], "add them to locale/ru/LC_MESSAGES/django.po"


def test_every_plural_message_has_its_three_russian_forms():
    ours = {key[0] for key in catalog("en") if isinstance(key, tuple)}
    ru = catalog("ru")
    with translation.override("ru"):
        django_russian = translation.trans_real.translation("ru")
        # Django's own messages (the admin's) come with Django's Russian.
        missing = [
            msgid
            for msgid in ours
            if not all((msgid, form) in ru for form in range(3))
            and django_russian.ngettext(msgid, "", 5) == ""
        ]
    assert missing == [], "add their forms to locale/ru/LC_MESSAGES/django.po"


# --- the pages


def test_the_list_counts_its_rows_and_its_button_adds_in_the_accusative(client):
    client.force_login(superuser())
    html = client.get(reverse("admin:notifications_broadcast_changelist")).content.decode()
    assert "Добавить рассылку" in html and "Добавить рассылка" not in html
    assert "<h1>Выберите рассылку для изменения</h1>" in html
    assert "<title>Выберите рассылку для изменения |" in html
    assert "0 рассылок" in html


@pytest.mark.parametrize(
    ("rows", "shown"), [(1, "1 заявка"), (2, "2 заявки"), (5, "5 заявок"), (21, "21 заявка")]
)
def test_the_applications_list_counts_in_russian(client, rows, shown):
    season = SeasonFactory()
    ApplicationFactory.create_batch(rows, season=season)
    client.force_login(organizer())
    html = client.get(reverse("admin:applications_application_changelist")).content.decode()
    assert f'<p class="paginator">\n\n{shown}' in html or f"\n{shown}\n" in html, shown


def test_the_add_page_names_what_it_adds_in_the_accusative(client):
    client.force_login(superuser())
    html = client.get(reverse("admin:notifications_broadcast_add")).content.decode()
    assert "<h1>Добавить рассылку</h1>" in html
    assert "&rsaquo; Добавить рассылку" in html


def test_a_new_broadcast_is_reported_without_a_wrong_gender(client, django_capture_on_commit_callbacks):
    client.force_login(superuser())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:notifications_broadcast_add"),
            {"event": Event.RESULTS_PUBLISHED, "occasion": "results-5", "audience": Role.EXPERT,
             "context": '{"results_url": "/results/"}'},
        )
    [message] = [strip_tags(str(m)) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Добавлено: рассылка «")
    assert "был успешно добавлен" not in message


def test_a_change_is_reported_without_a_wrong_gender(client):
    client.force_login(superuser())
    region = Region.objects.get(code="52")
    response = client.post(
        reverse("admin:tracks_region_change", args=[region.pk]),
        {"code": "52", "name": region.name, "name_en": "Nizhny Novgorod Region",
         "federal_district": region.federal_district, "population_thousands": 3081},
    )
    [message] = [strip_tags(str(m)) for m in get_messages(response.wsgi_request)]
    assert message == "Сохранено: регион «Нижегородская область»."
