import uuid

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import override_settings
from django.utils import translation
from django_redis.cache import RedisCache

from topblog.celery import app as celery_app


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploaded files go to a per-test folder, never the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_and_local(settings):
    # Hashing with the default PBKDF2 iterations dominates the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # A publish one test made fail must not pause publishing in the next.
    settings.NOTIFICATIONS_PUBLISH_PAUSE_SECONDS = 0


@pytest.fixture(autouse=True)
def _eager_tasks_unless_services(request):
    """Tasks run inline in ordinary tests even when REDIS_URL points at a broker;
    only `services` tests exercise a real worker."""
    if request.node.get_closest_marker("services"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


# What this run stores in a shared Redis cache goes under its own key prefix, and only
# keys under it are ever deleted: the cache's database may be someone else's as well
# (REDIS_CACHE_URL, or the database after REDIS_URL's), so the suite never flushes it.
RUN_KEY_PREFIX = f"tests-{uuid.uuid4().hex[:12]}"


def cache_forget(cache) -> None:
    """Delete what this run stored in ``cache``: its own keys in Redis, the whole of a
    process's local memory (which is the run's alone)."""
    if not isinstance(cache, RedisCache):
        cache.clear()
        return
    client = cache.client.get_client(write=True)
    keys = list(client.scan_iter(match=f"{RUN_KEY_PREFIX}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(scope="session", autouse=True)
def _cache_keys_of_this_run():
    default = {**django_settings.CACHES["default"], "KEY_PREFIX": RUN_KEY_PREFIX}
    with override_settings(CACHES={**django_settings.CACHES, "default": default}):
        yield
        cache_forget(caches["default"])


@pytest.fixture(autouse=True)
def _russian_and_a_clean_cache():
    """Each test starts as a request would: in Russian, with nothing cached. A request
    handled in an earlier test leaves its language active in the thread; a shared Redis
    cache outlives tests, and each process's local cache outlives them all."""
    for cache in caches.all():
        cache_forget(cache)
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def pytest_collection_modifyitems(items):
    """A transactional test without serialized rollback flushes the migrations' reference
    data (roles, regions, message templates) and breaks every later test that needs it."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: use django_db(transaction=True, serialized_rollback=True)"
            )
