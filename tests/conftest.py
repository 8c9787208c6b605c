import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.utils import translation

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


@pytest.fixture(autouse=True)
def _russian_and_a_clean_cache():
    """Each test starts as a request would: in Russian, with nothing cached. A request
    handled in an earlier test leaves its language active in the thread; a shared Redis
    cache outlives tests, and each process's local cache outlives them all."""
    for cache in caches.all():
        cache.clear()
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
