"""A search finds Cyrillic names whatever their case, on SQLite as on PostgreSQL."""

import pytest

from applications.models import Application
from tests.factories import ApplicationFactory
from topblog.backoffice.sqlite_search import unicode_like

pytestmark = pytest.mark.django_db


def test_contains_folds_the_case_of_cyrillic_letters():
    ApplicationFactory(last_name="Иванова")
    ApplicationFactory(last_name="Петров")
    assert list(
        Application.objects.filter(last_name__icontains="иванов").values_list("last_name", flat=True)
    ) == ["Иванова"]
    assert Application.objects.filter(last_name__istartswith="ПЕТ").count() == 1


def test_the_admin_search_finds_a_name_typed_in_lower_case(admin_client):
    ApplicationFactory(last_name="Ёлкина", first_name="Дарья")
    page = admin_client.get("/admin/applications/application/", {"q": "ёлкина"})
    assert "Ёлкина" in page.content.decode()


@pytest.mark.parametrize(
    ("like", "value", "expected"),
    [
        ("%ОВ%", "Иванов", True),
        ("ива_ов", "ИВАНОВ", True),
        ("100\\%", "100%", True),
        ("100\\%", "1000", False),
        ("a\\_b", "axb", False),
        ("%", None, None),
    ],
)
def test_like_keeps_sqls_wildcards_and_escapes(like, value, expected):
    assert unicode_like(like, value, "\\") is expected
