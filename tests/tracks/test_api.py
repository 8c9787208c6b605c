import pytest
from django.urls import reverse

from tests.factories import SeasonFactory

pytestmark = pytest.mark.django_db


def test_current_season_is_public_with_quotas_and_stages_in_order(client):
    SeasonFactory(bloggers_quota=600, officials_quota=100)
    response = client.get(reverse("api:season-current"))
    assert response.status_code == 200
    body = response.json()
    assert (body["bloggers_quota"], body["officials_quota"], body["team_size"]) == (600, 100, 30)
    kinds = [s["kind"] for s in body["stages"]]
    assert kinds[0] == "applications" and kinds[-1] == "final" and len(kinds) == 7


def test_no_current_season_is_404(client):
    assert client.get(reverse("api:season-current")).status_code == 404


def test_directions_and_regions_are_public_lists(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        directions = client.get(reverse("api:direction-list")).json()
    assert [d["code"] for d in directions] == ["culture", "health", "agro", "science", "tourism"]
    with django_assert_num_queries(1):
        regions = client.get(reverse("api:region-list")).json()
    assert len(regions) == 89
    assert {
        "code": "77",
        "name": "г. Москва",
        "name_en": "Moscow",
        "federal_district": "CFD",
        "federal_district_name": "Центральный",
    } in regions


def test_reference_endpoints_are_read_only(client):
    assert client.post(reverse("api:direction-list"), {"code": "x"}).status_code in (403, 405)


def test_openapi_schema_and_docs_page_are_served(client):
    schema = client.get(reverse("api-schema"))
    assert schema.status_code == 200
    assert b"/api/v1/season/" in schema.content
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200
    # Swagger UI comes from our own static files, never from a CDN.
    assert b"cdn.jsdelivr" not in docs.content
