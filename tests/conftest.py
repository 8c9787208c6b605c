import pytest

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
