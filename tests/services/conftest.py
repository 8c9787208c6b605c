"""Fixtures of the `services` tests: real PostgreSQL, Redis, Celery workers started as
subprocesses on the test database, and an SMTP server on loopback.

Without DATABASE_URL (PostgreSQL) and REDIS_URL these tests skip, or fail when
REQUIRE_SERVICES=1. Mark such a test ``@pytest.mark.services`` and
``@pytest.mark.django_db(transaction=True, serialized_rollback=True)``: a worker sees only committed rows."""

import http.cookiejar
import inspect
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import redis
from aiosmtpd.controller import Controller
from django.db import connection

from tests.conftest import RUN_KEY_PREFIX
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
    with the sink and the Message-ID of each message; True refuses it with 451) lets a
    test act at a known point of a delivery. It may be a coroutine function, to hold
    one sender's reply while other sessions go on."""

    def __init__(self):
        self.port = free_port()
        self.received: Counter[str] = Counter()
        self.before_accept: Callable[[SmtpSink, str], bool | Awaitable[bool]] | None = None
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
        found = MESSAGE_ID.search(envelope.content)
        key = found.group(1).decode() if found else "(no Message-ID)"
        if self.before_accept is not None:
            refuse = self.before_accept(self, key)
            if inspect.isawaitable(refuse):
                refuse = await refuse
            if refuse:
                return "451 4.3.0 Try again later"
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


def _spawn(command: list[str], log_path: Path, env: dict[str, str]) -> subprocess.Popen:
    """A process of the portal on the test database and the run's cache keys, leading its
    own process group, its output in ``log_path`` (kept on it as ``.log_path``)."""
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env={**os.environ, "DATABASE_URL": _database_url(), "CACHE_KEY_PREFIX": RUN_KEY_PREFIX, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    process.log_path = log_path
    return process


@pytest.fixture
def celery_worker_factory(transactional_db, tmp_path):
    """Start Celery workers (``celery -A topblog worker``) on the test database:
    ``start(concurrency=2, env={...}, beat=False)`` returns the Popen once the worker is
    ready; ``beat`` runs the periodic jobs in it too (the outbox sweep every
    NOTIFICATIONS_SWEEP_SECONDS). The worker leads its own process group, so
    ``os.killpg(worker.pid, SIGKILL)`` kills it with its pool, as a lost machine would.
    Every worker is stopped at teardown."""
    started: list[subprocess.Popen] = []

    def start(
        *, concurrency: int = 2, env: dict[str, str] | None = None, beat: bool = False
    ) -> subprocess.Popen:
        log_path = tmp_path / f"worker-{len(started)}.log"
        command = [sys.executable, "-m", "celery", "-A", "topblog", "worker", "--loglevel=INFO"]
        command += [f"--concurrency={concurrency}", f"--hostname=test-{os.getpid()}-{len(started)}@%h"]
        # No gossip or mingle: a test's worker starts faster and talks to no other worker.
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        if beat:
            command += ["--beat", f"--schedule={tmp_path / f'beat-{len(started)}'}"]
        process = _spawn(command, log_path, env or {})
        started.append(process)

        def ready() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"The worker exited:\n{log_path.read_text(errors='replace')[-3000:]}")
            return b" ready." in log_path.read_bytes()

        wait_until(ready, timeout=WORKER_READY_SECONDS, what="the Celery worker to start")
        return process

    yield start
    for process in started:
        _stop(process)
    # A killed worker's unacknowledged tasks would come back to a later run's workers an
    # hour on, naming rows of another database: what a test queued ends with it. Only
    # kombu's own keys in the broker database the run was given.
    broker = redis.Redis.from_url(os.environ["REDIS_URL"])
    broker.delete("celery", "unacked", "unacked_index", "unacked_mutex")


@pytest.fixture
def celery_worker(celery_worker_factory):
    """One running worker (two pool processes) on the test database."""
    yield celery_worker_factory()


def hung_listener() -> socket.socket:
    """A socket listening on a port and never accepting: the kernel completes the
    connections in its backlog, and what is sent to them is never answered (a hung
    Redis). Closing it closes the port."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    return server


@pytest.fixture
def dead_redis_url():
    """``dead_redis_url("refusing")`` or ``("hanging")``: the URL of a Redis that refuses
    connections (a port bound and closed again) or accepts them and never answers."""
    listeners = []

    def make(kind: str) -> str:
        if kind == "refusing":
            return f"redis://127.0.0.1:{free_port()}/0"
        listeners.append(hung_listener())
        return f"redis://127.0.0.1:{listeners[-1].getsockname()[1]}/0"

    yield make
    for listener in listeners:
        listener.close()


class PrivateRedis:
    """A redis-server of the test's own, without persistence: ``restart()`` kills it and
    starts it again empty, as a broker restarted after a crash."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", ""]
        command += ["--appendonly", "no", "--dir", str(self.directory)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        wait_until(lambda: _answers(client), timeout=20, what="the private redis-server to start")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def restart(self) -> None:
        self.kill()
        self.start()


def _answers(client: redis.Redis) -> bool:
    try:
        return client.ping()
    except redis.RedisError:
        return False


@pytest.fixture
def private_redis(tmp_path):
    if shutil.which("redis-server") is None:
        missing("this test needs redis-server on PATH")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.kill()


class _Unredirected(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A person's browser against a live server: it keeps cookies, sends the CSRF token
    with its forms, and reports redirects instead of following them."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _Unredirected()
        )

    def _open(self, request: urllib.request.Request) -> tuple[int, dict, str]:
        try:
            with self._opener.open(request, timeout=HTTP_TIMEOUT) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode(errors="replace")

    def get(self, path: str) -> tuple[int, dict, str]:
        # Always the test's own server on http://127.0.0.1.
        return self._open(urllib.request.Request(self.base_url + path))  # noqa: S310

    def post(self, path: str, data: dict) -> tuple[int, dict, str]:
        """Open the page for its CSRF cookie, then send the form as the page would."""
        if not any(cookie.name == "csrftoken" for cookie in self.cookies):
            self.get(path)
        token = next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")
        body = urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True).encode()
        return self._open(urllib.request.Request(self.base_url + path, data=body, method="POST"))  # noqa: S310


# Gunicorn kills a worker that takes longer than this over a request, as in production
# (60 s there); a request waiting forever on a hung broker fails the test in this time.
GUNICORN_TIMEOUT = 20
HTTP_TIMEOUT = GUNICORN_TIMEOUT + 10


@pytest.fixture
def web_server_factory(transactional_db, tmp_path):
    """Start the portal in gunicorn on the test database: ``start(env={...})`` returns a
    function that opens a Browser on it. Its own environment, e.g. REDIS_URL, lets a test
    run the web side against a broker that is down while the test's workers are not."""
    started: list[subprocess.Popen] = []

    def start(*, env: dict[str, str]) -> Callable[[], Browser]:
        port = free_port()
        log_path = tmp_path / f"web-{len(started)}.log"
        command = [sys.executable, "-m", "gunicorn", "topblog.wsgi:application", f"--bind=127.0.0.1:{port}"]
        command += ["--workers=1", f"--timeout={GUNICORN_TIMEOUT}"]
        process = _spawn(command, log_path, env)
        started.append(process)
        browser = Browser(f"http://127.0.0.1:{port}")

        def ready() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{log_path.read_text(errors='replace')[-3000:]}")
            try:
                return browser.get("/healthz/")[0] == 200
            except OSError:
                return False

        wait_until(ready, timeout=WORKER_READY_SECONDS, what="gunicorn to start")
        return lambda: Browser(browser.base_url)

    yield start
    for process in started:
        _stop(process)
