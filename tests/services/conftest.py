"""Fixtures of the `services` tests: real PostgreSQL, Redis, Celery workers started as
subprocesses on the test database, and an SMTP server on loopback.

Without DATABASE_URL (PostgreSQL) and REDIS_URL these tests skip, or fail when
REQUIRE_SERVICES=1. Mark such a test ``@pytest.mark.services`` and
``@pytest.mark.django_db(transaction=True, serialized_rollback=True)``: a worker sees only committed rows."""

import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from aiosmtpd.controller import Controller
from django.db import connection

from tests.requirements import missing

BASE_DIR = Path(__file__).resolve().parents[2]
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>]+>)", re.MULTILINE | re.IGNORECASE)
WORKER_READY_SECONDS = 60


@pytest.fixture(autouse=True)
def _services_available(request):
    if not request.node.get_closest_marker("services"):
        return
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://", "psql://")):
        missing("`services` tests need DATABASE_URL pointing at PostgreSQL")
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        missing("`services` tests need REDIS_URL")
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        missing(f"Redis at REDIS_URL does not answer: {error}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate: Callable[[], bool], *, timeout: float, what: str) -> None:
    """Poll ``predicate`` until it holds; a bound on waiting, not a timed assertion."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"Gave up after {timeout:.0f}s waiting for {what}.")
        time.sleep(0.2)


# aiosmtpd logs every SMTP command at INFO: thousands of lines per test, and CPU taken
# from the workers.
logging.getLogger("mail.log").setLevel(logging.WARNING)


class SmtpSink:
    """An SMTP server on 127.0.0.1 that counts the messages it accepts by Message-ID.
    It can be stopped and started again on the same port, and ``before_accept`` (called
    with the sink for each message; True refuses it with 451) lets a test act at a
    known point of a delivery."""

    def __init__(self):
        self.port = free_port()
        self.received: Counter[str] = Counter()
        self.before_accept: Callable[[SmtpSink], bool] | None = None
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def total(self) -> int:
        with self._lock:
            return sum(self.received.values())

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.before_accept is not None and self.before_accept(self):
            return "451 4.3.0 Try again later"
        found = MESSAGE_ID.search(envelope.content)
        key = found.group(1).decode() if found else "(no Message-ID)"
        with self._lock:
            self.received[key] += 1
        return "250 2.0.0 OK"


@pytest.fixture
def smtp_sink():
    """An SmtpSink, not yet started: a test of an outage starts it late."""
    sink = SmtpSink()
    yield sink
    sink.stop()


def _database_url() -> str:
    """The database the tests run on (pytest-django's test_<name>), as a URL a worker reads."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


@pytest.fixture
def celery_worker_factory(transactional_db, tmp_path):
    """Start Celery workers (``celery -A topblog worker``) on the test database:
    ``start(concurrency=2, env={...})`` returns the Popen once the worker is ready. The
    worker leads its own process group, so ``os.killpg(worker.pid, SIGKILL)`` kills it
    with its pool, as a lost machine would. Every worker is stopped at teardown."""
    started: list[subprocess.Popen] = []

    def start(*, concurrency: int = 2, env: dict[str, str] | None = None) -> subprocess.Popen:
        log_path = tmp_path / f"worker-{len(started)}.log"
        command = [sys.executable, "-m", "celery", "-A", "topblog", "worker", "--loglevel=INFO"]
        command += [f"--concurrency={concurrency}", f"--hostname=test-{os.getpid()}-{len(started)}@%h"]
        # No gossip or mingle: a test's worker starts faster and talks to no other worker.
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env={**os.environ, "DATABASE_URL": _database_url(), **(env or {})},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started.append(process)
        process.log_path = log_path

        def ready() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"The worker exited:\n{log_path.read_text(errors='replace')[-3000:]}")
            return b" ready." in log_path.read_bytes()

        wait_until(ready, timeout=WORKER_READY_SECONDS, what="the Celery worker to start")
        return process

    yield start
    for process in started:
        _stop(process)


@pytest.fixture
def celery_worker(celery_worker_factory):
    """One running worker (two pool processes) on the test database."""
    yield celery_worker_factory()
