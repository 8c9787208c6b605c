"""What the notification benchmarks share: a throwaway PostgreSQL database beside the
one DATABASE_URL names, an SMTP server on loopback that counts what it accepts, Celery
workers (and beat) started as subprocesses, and the portal in gunicorn.

Not a benchmark itself: bench/run.py passes over files whose name starts with "_"."""

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from aiosmtpd.controller import Controller

BASE_DIR = Path(__file__).resolve().parent.parent
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>]+>)", re.MULTILINE | re.IGNORECASE)
READY_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def services_missing(name: str) -> bool:
    """True, with the reason printed, when DATABASE_URL (PostgreSQL) or REDIS_URL is not set."""
    database_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")) and redis_url:
        return False
    print(f"{name}: skipped, needs DATABASE_URL (PostgreSQL) and REDIS_URL")
    return True


@contextmanager
def private_redis():
    """A redis-server of the benchmark's own as broker and cache (REDIS_URL is pointed at
    it for this process and the ones it starts): a killed worker's unacknowledged tasks
    die with it instead of coming back an hour later to someone's workers."""
    port = free_port()
    with tempfile.TemporaryDirectory() as directory:
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
        command += ["--appendonly", "no", "--dir", directory]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + READY_SECONDS
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("redis-server did not start") from None
                    time.sleep(0.1)
            os.environ["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
            os.environ.pop("REDIS_CACHE_URL", None)
            yield os.environ["REDIS_URL"]
        finally:
            server.kill()
            server.wait()


@contextmanager
def bench_database(suffix: str):
    """A database of its own next to DATABASE_URL's, named after it (so that two people
    benchmarking on one server do not meet), dropped at the end; Django set up on it."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    name = f"{parts.path.strip('/') or 'topblog'}_{suffix}"
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    bench_url = urlunsplit(parts._replace(path=f"/{name}"))

    def run(*statements: str) -> None:
        admin = psycopg2.connect(admin_url)
        # CREATE and DROP DATABASE cannot run inside a transaction.
        admin.autocommit = True
        with admin.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        admin.close()

    drop = f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    run(drop, f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "topblog.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    try:
        yield bench_url
    finally:
        connections.close_all()
        run(drop)


class CountingSmtpServer:
    """Accepts every mail and counts them by Message-ID; ``before_accept(server)`` lets a
    benchmark act at a known point (it runs in the server's thread)."""

    def __init__(self):
        self.received: Counter[bytes] = Counter()
        # perf_counter() at each acceptance, for the window between it and our record.
        self.accepted_at: list[float] = []
        self.before_accept: Callable[[CountingSmtpServer], None] | None = None
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.before_accept is not None:
            self.before_accept(self)
        found = MESSAGE_ID.search(envelope.content)
        with self.lock:
            self.received[found.group(1) if found else b""] += 1
            self.accepted_at.append(time.perf_counter())
        return "250 2.0.0 OK"

    @property
    def total(self) -> int:
        with self.lock:
            return sum(self.received.values())


def workers_cpu_seconds(workers: list[subprocess.Popen]) -> float:
    """CPU used so far by the workers' process groups (main and pool processes), from
    /proc, so that their start-up is left out of the figure."""
    groups = {worker.pid for worker in workers}
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command name: state, ppid, pgrp, ..., utime (12th) and stime (13th).
        if int(fields[2]) in groups:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _wait_ready(process: subprocess.Popen, log: Path, ready: Callable[[], bool]) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(log.read_text(errors="replace")[-3000:])
        time.sleep(0.2)


def workers_start(
    count: int, env: dict[str, str], logs: Path, *, beat: bool = False
) -> list[subprocess.Popen]:
    """``count`` workers of one pool process each, each leading its own process group;
    with ``beat``, the first runs the periodic jobs (the outbox sweep) too."""
    workers = []
    for number in range(count):
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "topblog",
            "worker",
            "--loglevel=INFO",
            "--concurrency=1",
        ]
        command += [f"--hostname=bench{number}-{os.getpid()}@%h"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        if beat and number == 0:
            command += ["--beat", f"--schedule={logs / 'beat-schedule'}"]
        with open(logs / f"worker-{number}.log", "wb") as log:
            workers.append(
                subprocess.Popen(
                    command,
                    cwd=BASE_DIR,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
    for number, worker in enumerate(workers):
        log = logs / f"worker-{number}.log"
        _wait_ready(worker, log, lambda log=log: b" ready." in log.read_bytes())
    return workers


def processes_stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def web_start(env: dict[str, str], logs: Path, name: str) -> tuple[subprocess.Popen, str]:
    """The portal in gunicorn (one worker) on a free port; returns it and its address."""
    port = free_port()
    log = logs / f"{name}.log"
    command = [sys.executable, "-m", "gunicorn", "topblog.wsgi:application", f"--bind=127.0.0.1:{port}"]
    command += ["--workers=1", "--timeout=60"]
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            with urllib.request.urlopen(f"{base}/healthz/", timeout=2) as response:  # noqa: S310 (our own server)
                return response.status == 200
        except OSError:
            return False

    _wait_ready(process, log, ready)
    return process, base
