"""The organizers' list and forms: the searchable region filter, the status counts, and
inputs that a screen reader can name."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus
from tests.factories import ApplicationFactory, SeasonFactory, applicant, expert, organizer
from topblog.tracks.models import Region

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:applications_application_changelist"


@pytest.fixture
def staff_client(client):
    client.force_login(organizer())
    return client


def applications_in(season, region_code: str, *statuses: str):
    region = Region.objects.get(code=region_code)
    for status in statuses:
        ApplicationFactory(
            season=season, region=region, status=status,
            submitted_at=None if status == ApplicationStatus.DRAFT else timezone.now(),
        )


# --- the region filter


def test_the_region_filter_is_a_search_box_that_keeps_its_parameter(staff_client):
    season = SeasonFactory()
    applications_in(season, "52", "submitted", "submitted")
    applications_in(season, "77", "submitted")
    nizhny = Region.objects.get(code="52")
    chosen = {"region__id__exact": nizhny.pk, "status__exact": "submitted"}
    response = staff_client.get(reverse(CHANGELIST), chosen)
    assert response.context["cl"].result_count == 2
    html = response.content.decode()
    form = re.search(r'<form method="get" class="autocomplete-filter">(.*?)</form>', html, re.S).group(1)
    # The admin's autocomplete widget, asking the regions' admin as one types...
    assert 'class="admin-autocomplete' in form and f'data-ajax--url="{reverse("admin:autocomplete")}"' in form
    assert 'name="region__id__exact"' in form
    assert f'<option value="{nizhny.pk}" selected>Нижегородская область</option>' in form
    # ...over a plain list of every region, with the other filters kept, so it works without a script.
    assert form.count("<option") == 89 + 1
    assert '<input type="hidden" name="status__exact" value="submitted">' in form
    assert '<label for="filter_region__id__exact"' in form and "<button" in form


def test_the_region_search_answers_what_is_typed(staff_client):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": "нижегор", "app_label": "applications", "model_name": "application", "field_name": "region"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Нижегородская область"]
    english = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": "Nizhny", "app_label": "applications", "model_name": "application", "field_name": "region"},
    )
    assert [r["id"] for r in english.json()["results"]] == [str(Region.objects.get(code="52").pk)]


@pytest.mark.parametrize("make_person", [applicant, expert])
def test_the_region_search_is_for_organizers_only(client, make_person):
    client.force_login(make_person())
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "ниж", "app_label": "applications", "model_name": "application", "field_name": "region"},
    )
    assert response.status_code in (302, 403)


# --- the counts per status


def bar(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="status-counts"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return dict(re.findall(r">([^<>]+?) <b>([^<]+)</b>", nav))


def test_the_counts_per_status_are_always_shown_within_the_other_filters(staff_client):
    season = SeasonFactory()
    applications_in(season, "52", "draft", "submitted", "submitted", "withdrawn")
    applications_in(season, "77", "submitted")
    html = staff_client.get(reverse(CHANGELIST)).content.decode()
    assert bar(html) == {
        "Все": "5", "Черновик": "1", "Подана": "3", "На экспертизе": "0", "Отобран": "0", "Не отобран": "0",
        "Отозвана": "1",
    }
    nizhny = Region.objects.get(code="52").pk
    html = staff_client.get(reverse(CHANGELIST), {"region__id__exact": nizhny}).content.decode()
    assert bar(html)["Подана"] == "2" and bar(html)["Все"] == "4"


def test_choosing_a_status_keeps_the_other_statuses_counts_and_marks_the_chosen_one(staff_client):
    season = SeasonFactory()
    applications_in(season, "52", "draft", "submitted", "submitted")
    response = staff_client.get(reverse(CHANGELIST), {"status__exact": "submitted"})
    html = response.content.decode()
    assert response.context["cl"].result_count == 2
    assert bar(html)["Черновик"] == "1" and bar(html)["Все"] == "3"
    assert re.search(r'aria-current="true">Подана <b>2</b>', html)
    # The sidebar's filters still show what is chosen.
    assert response.context["cl"].has_active_filters


# --- inputs a screen reader names


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs: list[dict] = []
        self.labels: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.inputs.append(attrs)


def unnamed_inputs(html: str) -> list[str]:
    parser = _Inputs()
    parser.feed(html)
    named = [
        attrs for attrs in parser.inputs
        if attrs.get("aria-label") or attrs.get("id") in parser.labels or attrs.get("type") == "submit"
    ]
    return [
        attrs.get("name") or "?"
        for attrs in parser.inputs
        if attrs not in named and "__prefix__" not in (attrs.get("name") or "")
    ]


def test_every_input_of_the_season_page_has_a_name(client):
    season = SeasonFactory()
    client.force_login(organizer())
    html = client.get(reverse("admin:tracks_season_change", args=[season.pk])).content.decode()
    assert unnamed_inputs(html) == []
    assert 'aria-label="Финал — окончание, время"' in html
    assert 'aria-label="Приём заявок — место по-английски"' in html


def test_the_search_box_has_a_label_a_screen_reader_reads(staff_client):
    html = staff_client.get(reverse(CHANGELIST)).content.decode()
    label = re.search(r'<label for="searchbar">(.*?)</label>', html).group(1)
    assert label.endswith('alt=""><span class="visually-hidden">Поиск</span>'), "the image is decoration"


def test_the_list_leaves_the_width_to_its_columns(staff_client):
    ApplicationFactory()
    html = staff_client.get(reverse(CHANGELIST)).content.decode()
    assert 'id="nav-sidebar"' not in html
    # Folded: the review's columns come after these and the filters open with one click.
    assert '<details class="filter-panel">' in html
    headers = re.findall(r'<th scope="col" class="[^"]*column-(\w+)', html)
    assert headers[:8] == [
        "full_name_display", "role_short", "region_short", "first_direction", "followers", "status",
        "submitted_on", "duplicate",
    ]
