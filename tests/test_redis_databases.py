"""The suite and the portal use only the Redis databases they were given: the cache's
database follows REDIS_URL's, and the suite deletes only the keys it stored."""

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django_redis.cache import RedisCache

from tests.conftest import RUN_KEY_PREFIX, cache_forget
from tests.requirements import missing
from topblog.settings import redis_cache_url_default


@pytest.mark.parametrize(
    ("broker", "cache"),
    [
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/1"),
        ("redis://127.0.0.1:6379/4", "redis://127.0.0.1:6379/5"),
        ("redis://:secret@redis.internal:6380", "redis://:secret@redis.internal:6380/1"),
        ("", ""),
    ],
)
def test_the_cache_takes_the_database_after_the_brokers(broker, cache):
    assert redis_cache_url_default(broker) == cache


def test_a_broker_on_the_last_database_asks_for_the_cache_to_be_named():
    with pytest.raises(ImproperlyConfigured, match="REDIS_CACHE_URL"):
        redis_cache_url_default("redis://127.0.0.1:6379/15")


def test_clearing_between_tests_deletes_only_this_runs_keys():
    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        missing("needs REDIS_URL (a Redis cache)")
    client = cache.client.get_client(write=True)
    someone_elses = "another-project:1:session"
    client.set(someone_elses, b"keep me", ex=60)
    try:
        cache.set("page", "ours")
        assert client.exists(f"{RUN_KEY_PREFIX}:1:page")

        cache_forget(cache)

        assert cache.get("page") is None
        assert client.get(someone_elses) == b"keep me"
    finally:
        client.delete(someone_elses)
