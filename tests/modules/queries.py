"""The query-count check of every list the programme shows: measured at a small size
and asserted equal at a larger one, so it holds on SQLite and on PostgreSQL with Redis
(where a cached session saves a query) alike."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def assert_same_queries(
    django_assert_num_queries, request: Callable[[], object], grow: Callable[[], None], *, at_most: int
) -> int:
    """``request`` costs as many queries after ``grow`` as before; returns the count."""
    request()  # process-wide caches (content types, the session) as on a busy server
    with CaptureQueriesContext(connection) as small:
        request()
    assert len(small) <= at_most, [q["sql"] for q in small.captured_queries]
    grow()
    with django_assert_num_queries(len(small)):
        request()
    return len(small)
