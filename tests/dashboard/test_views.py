"""The dashboard's pages: who sees which, what the ministries' page leaves out, the map's
links, the cache, the query count and both languages."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import ApplicantRole, Application, ApplicationStatus
from tests.dashboard.seasons import application, small_season
from tests.factories import (
    SeasonFactory,
    UserFactory,
    applicant,
    expert,
    ministry_curator,
    ministry_leadership,
    organizer,
    superuser,
)
from topblog.tracks.models import Region

pytestmark = pytest.mark.django_db

ADMIN = "/admin/dashboard/"
PORTAL = "/dashboard/"
DOWNLOADS = ["funnel-roles.csv", "funnel-roles.xlsx"]


# --- access


@pytest.mark.parametrize("person", [applicant, expert, None], ids=["applicant", "expert", "anonymous"])
@pytest.mark.parametrize("path", [ADMIN, *(ADMIN + d for d in DOWNLOADS)])
def test_the_admin_dashboard_sends_everyone_but_staff_to_the_admin_login(client, person, path):
    SeasonFactory()
    if person:
        client.force_login(person())
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("person", [applicant, expert], ids=["applicant", "expert"])
@pytest.mark.parametrize("path", [PORTAL, *(PORTAL + d for d in DOWNLOADS)])
def test_applicants_and_experts_get_404_on_the_ministries_page(client, person, path):
    SeasonFactory()
    client.force_login(person())
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", [PORTAL, *(PORTAL + d for d in DOWNLOADS)])
def test_an_anonymous_visitor_is_asked_to_log_in_on_the_ministries_page(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_staff_who_are_not_organizers_get_404_in_the_admin(client):
    SeasonFactory()
    client.force_login(UserFactory(is_staff=True))
    assert client.get(ADMIN).status_code == 404
    assert client.get(ADMIN + DOWNLOADS[0]).status_code == 404


@pytest.mark.parametrize("person", [organizer, superuser], ids=["organizer", "superuser"])
def test_organizers_see_the_dashboard_in_the_admin_linked_from_its_index(client, person):
    SeasonFactory()
    client.force_login(person())
    assert client.get(ADMIN).status_code == 200
    assert f'href="{ADMIN}"' in client.get(reverse("admin:index")).content.decode()
    # The ministries' page sends them to theirs.
    assert client.get(PORTAL)["Location"] == ADMIN


@pytest.mark.parametrize("person", [ministry_leadership, ministry_curator], ids=["leadership", "curator"])
def test_ministries_see_their_page_on_the_portal_and_not_the_admin(client, person):
    SeasonFactory()
    client.force_login(person())
    assert client.get(PORTAL).status_code == 200
    assert client.get(ADMIN)["Location"].startswith(reverse("admin:login"))
    # The cabinet, where they land, links to it.
    assert f'href="{PORTAL}"' in client.get(reverse("cabinet:home")).content.decode()


def test_a_curator_without_a_direction_sees_nothing(client):
    SeasonFactory()
    curator = ministry_curator()
    type(curator).objects.filter(pk=curator.pk).update(curated_direction=None)
    client.force_login(curator)
    assert client.get(PORTAL).status_code == 404


@pytest.mark.parametrize("path", ["funnel-roles.pdf", "no-such-table.csv"])
def test_an_unknown_table_or_format_is_404(client, path):
    SeasonFactory()
    client.force_login(organizer())
    assert client.get(ADMIN + path).status_code == 404


def test_the_ministries_download_only_their_own_tables(client):
    SeasonFactory()
    client.force_login(ministry_leadership())
    assert client.get(PORTAL + "funnel-directions.csv").status_code == 200
    for organizers_only in ("regions.csv", "outbox.csv", "applications-daily.xlsx"):
        assert client.get(PORTAL + organizers_only).status_code == 404


# --- what each version shows


def people_on_the_page(page: str, applications) -> list[str]:
    found = []
    for a in applications:
        for value in (a.last_name, a.first_name, a.applicant.email, a.phone, a.phone[2:]):
            if value and value in page:
                found.append(value)
    return found


@pytest.mark.parametrize("person", [ministry_leadership, ministry_curator], ids=["leadership", "curator"])
def test_the_ministries_page_holds_no_names_emails_or_phones(client, person):
    season = small_season(12)
    Application.objects.filter(season=season).update(last_name="Щукина", first_name="Аглая")
    client.force_login(person())
    page = client.get(PORTAL).content.decode()
    assert "Отобраны" in page
    assert people_on_the_page(page, Application.objects.select_related("applicant")) == []
    for download in ("funnel-roles.csv", "applications-directions.csv"):
        exported = client.get(PORTAL + download).content.decode("utf-8-sig")
        assert people_on_the_page(exported, Application.objects.select_related("applicant")) == []


def funnel_total(page: str, step: str) -> str:
    """The "Всего" cell of a step in the funnel's table by role."""
    table = page.split('id="caption-funnel-roles"')[1].split("</table>")[0]
    row = re.search(rf"<th scope=\"row\">{step}</th><td[^>]*>([^<]+)", table)
    return row.group(1).replace("\xa0", " ")


def test_a_curator_sees_their_direction_only(client):
    season = SeasonFactory()
    for _ in range(3):
        application(season, direction="health", status=ApplicationStatus.SELECTED)
    for _ in range(5):
        application(season, direction="culture", status=ApplicationStatus.SELECTED)
    application(season, direction="health", role=ApplicantRole.OFFICIAL)
    client.force_login(ministry_curator("health"))
    page = client.get(PORTAL).content.decode()
    assert "Здравоохранение" in page and "Культура и креативные индустрии" not in page
    assert funnel_total(page, "Начали заявку") == "4"
    assert funnel_total(page, "Отобраны") == "3"
    # No accounts (they have no direction) and no table by direction.
    assert "Зарегистрировались" not in page and "caption-funnel-directions" not in page
    client.force_login(ministry_leadership())
    page = client.get(PORTAL).content.decode()
    assert funnel_total(page, "Начали заявку") == "9" and "Культура и креативные индустрии" in page


def test_the_organizers_page_shows_every_part_and_the_time_of_its_data(client):
    small_season(6)
    client.force_login(organizer())
    response = client.get(ADMIN)
    page = response.content.decode()
    for title in ("Воронка сезона", "Направления", "Карта регионов", "Заявки по дням", "Уведомления"):
        assert f">{title}</h2>" in page
    assert "Данные на " in page and "обновляются раз в минуту" in page
    # Every table has its downloads; every chart points to its table.
    for key in response.context["dashboard"].tables():
        assert f'href="{ADMIN}{key}.xlsx"' in page and f'href="{ADMIN}{key}.csv"' in page
    assert page.count('href="#table-') >= 4


def test_without_a_current_season_the_page_says_so(client):
    client.force_login(organizer())
    page = client.get(ADMIN).content.decode()
    assert "Текущий сезон не выбран" in page


# --- the map


def tiles(page: str) -> dict[str, str]:
    """The map's tiles: each one's accessible name and link."""
    found = re.findall(r'<a class="sd-tile[^"]*" href="([^"]+)" aria-label="([^"]+)"', page)
    return {name: url for url, name in found}


def test_the_map_switches_between_its_measures_and_each_tile_links_to_the_filtered_list(client):
    season = SeasonFactory()
    for _ in range(2):
        application(season, region="16", status=ApplicationStatus.SELECTED)
    application(season, region="16", status=ApplicationStatus.DRAFT)
    client.force_login(organizer())
    page = client.get(ADMIN).content.decode()
    tatarstan = Region.objects.get(code="16")
    links = tiles(page)
    assert len(links) == 89
    # The first measure by default: per 100,000 people (population 4,003 thousand).
    assert 'aria-current="true">Поданные заявки на 100 000 жителей' in page
    url = links["Республика Татарстан: Поданные заявки на 100 000 жителей — 0,0 (всего: 2)"]
    assert f"region__id__exact={tatarstan.pk}" in url and f"season__id__exact={season.pk}" in url
    # A region with no application is named and linked as well.
    assert any(name.startswith("Чукотский автономный округ: ") and name.endswith("— 0,0 (всего: 0)")
               for name in links)
    page = client.get(ADMIN + "?map=selected").content.decode()
    assert 'aria-current="true">Отобранные участники' in page
    url = tiles(page)["Республика Татарстан: Отобранные участники — 2"]
    # The tile's list holds exactly the applications the tile counts.
    listed = client.get(url.replace("&amp;", "&"))
    assert listed.status_code == 200 and listed.context["cl"].result_count == 2
    page = client.get(ADMIN + "?map=submitted").content.decode()
    url = tiles(page)["Республика Татарстан: Поданные заявки — 2"]
    assert client.get(url.replace("&amp;", "&")).context["cl"].result_count == 2
    # An unknown measure shows the first one.
    page = client.get(ADMIN + "?map=x").content.decode()
    assert 'aria-current="true">Поданные заявки на 100 000 жителей' in page


# --- cache and query count


def test_the_figures_are_kept_a_minute_and_show_the_time_they_were_counted(client):
    season = small_season(3)
    client.force_login(organizer())
    first = client.get(ADMIN).context["dashboard"]
    application(season)
    kept = client.get(ADMIN).context["dashboard"]
    assert kept.computed_at == first.computed_at and kept.tables() == first.tables()
    cache.clear()
    fresh = client.get(ADMIN).context["dashboard"]
    assert fresh.computed_at > first.computed_at and fresh.tables() != first.tables()


@pytest.mark.parametrize(
    ("person", "path"),
    [(organizer, ADMIN), (ministry_leadership, PORTAL), (ministry_curator, PORTAL)],
    ids=["admin", "leadership", "curator"],
)
def test_the_page_makes_as_many_queries_for_a_few_hundred_applications_as_for_ten(client, person, path):
    season = small_season(10)
    client.force_login(person())

    def counted() -> tuple[int, int]:
        """Queries of the first visit (the figures counted) and of the next (kept)."""
        cache.clear()
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(path).status_code == 200
            counts.append(len(captured))
        return counts[0], counts[1]

    small = counted()
    for n in range(290):
        application(season, region=["01", "50", "89", "95"][n % 4], direction=["agro", "science"][n % 2],
                    status=[ApplicationStatus.SUBMITTED, ApplicationStatus.NOT_SELECTED][n % 2])
    assert Application.objects.filter(season=season).count() == 300
    assert counted() == small
    # Kept in the cache, the figures cost no query at all: the rest is the session.
    assert small[1] < small[0]


# --- languages


def test_the_page_reads_in_english_too(client):
    small_season(6)
    client.force_login(organizer())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(ADMIN).content.decode()
    assert '<html lang="en"' in page
    for english in ("Season funnel", "Map of the regions", "Culture and creative industries"):
        assert english in page
    assert ">MOW</text>" in page and ">МСК</text>" not in page
    # The regions' table and the tiles' names too, not only their short labels.
    assert "Moscow" in page and "г. Москва" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    page = client.get(ADMIN).content.decode()
    assert "Воронка сезона" in page and ">МСК</text>" in page and "г. Москва" in page
