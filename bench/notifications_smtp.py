"""Benchmark: a bulk event to 8,500 people through the outbox, delivered by two Celery
workers to an SMTP server on loopback. Prints mails per second and the ratio to the
target of 150/s; also checks that every mail arrived exactly once.

Needs DATABASE_URL (PostgreSQL) and REDIS_URL. It creates its own database
(topblog_bench, on the server DATABASE_URL names) and drops it afterwards.

    .venv/bin/python bench/notifications_smtp.py [--messages 8500] [--workers 2]
"""

import argparse
import logging
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from aiosmtpd.controller import Controller

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DB = "topblog_bench"
TARGET_PER_SECOND = 150
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>]+>)", re.MULTILINE | re.IGNORECASE)


class CountingSmtpServer:
    """Accepts every mail and counts them by Message-ID."""

    def __init__(self):
        self.received: Counter[bytes] = Counter()
        self.lock = threading.Lock()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope) -> str:
        found = MESSAGE_ID.search(envelope.content)
        with self.lock:
            self.received[found.group(1) if found else b""] += 1
        return "250 2.0.0 OK"

    @property
    def total(self) -> int:
        with self.lock:
            return sum(self.received.values())


def _cpu_seconds(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


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


def database_run(admin_url: str, *statements: str) -> None:
    admin = psycopg2.connect(admin_url)
    # CREATE and DROP DATABASE cannot run inside a transaction.
    admin.autocommit = True
    with admin.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    admin.close()


def workers_start(count: int, env: dict[str, str], logs: Path) -> list[subprocess.Popen]:
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
    deadline = time.monotonic() + 60
    for number, worker in enumerate(workers):
        while b" ready." not in (logs / f"worker-{number}.log").read_bytes():
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((logs / f"worker-{number}.log").read_text(errors="replace")[-3000:])
            time.sleep(0.2)
    return workers


def workers_stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def run(messages: int, worker_count: int, bench_url: str) -> int:
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "topblog.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from topblog.accounts.models import User
    from topblog.notifications.channels import message_id_header
    from topblog.notifications.models import Channel, Event, OutboxMessage, OutboxState
    from topblog.notifications.services import broadcast_create

    # aiosmtpd logs every SMTP command at INFO, which would cost this process more than serving them.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    people = User.objects.bulk_create(
        User(email=f"bench{n}@example.ru", language=("ru", "en")[n % 5 == 0]) for n in range(messages)
    )
    server = CountingSmtpServer()
    server.controller.start()
    env = {**os.environ, "DATABASE_URL": bench_url, "EMAIL_URL": f"smtp://127.0.0.1:{server.port}"}
    with tempfile.TemporaryDirectory() as logs:
        workers = workers_start(worker_count, env, Path(logs))
        try:
            cpu_before = resource.getrusage(resource.RUSAGE_SELF)
            workers_before = workers_cpu_seconds(workers)
            started = time.perf_counter()
            broadcast_create(
                event=Event.RESULTS_PUBLISHED,
                recipients=people,
                context={"results_url": "/results/"},
                occasion="bench",
            )
            deadline = time.monotonic() + 900
            while server.total < messages and time.monotonic() < deadline:
                time.sleep(0.05)
            mails_done = time.perf_counter() - started
            while (
                OutboxMessage.objects.exclude(state=OutboxState.SENT).exists() and time.monotonic() < deadline
            ):
                time.sleep(0.2)
            all_done = time.perf_counter() - started
            workers_cpu = workers_cpu_seconds(workers) - workers_before
        finally:
            workers_stop(workers)
            server.controller.stop()
    server_cpu = _cpu_seconds(resource.getrusage(resource.RUSAGE_SELF)) - _cpu_seconds(cpu_before)
    expected = {message_id_header(m).encode() for m in OutboxMessage.objects.filter(channel=Channel.EMAIL)}
    rows = OutboxMessage.objects.count()
    duplicates = sum(count - 1 for count in server.received.values() if count > 1)
    lost = len(expected - set(server.received))
    connections.close_all()

    rate = server.total / mails_done
    print(
        f"notifications_smtp: {server.total} of {messages} mails, {mails_done:.1f} s, {worker_count} workers"
    )
    print(
        f"  mails per second: {rate:.1f} (target {TARGET_PER_SECOND}/s, ratio {rate / TARGET_PER_SECOND:.2f})"
    )
    print(f"  every outbox row sent (mail and portal, {rows}) in {all_done:.1f} s")
    print(f"  lost: {lost}, duplicated: {duplicates}")
    # CPU per mail does not depend on what else the machine is doing, unlike the rate.
    print(
        f"  CPU per mail: workers {1000 * workers_cpu / messages:.1f} ms, "
        f"SMTP server and this script {1000 * server_cpu / messages:.1f} ms"
    )
    return 0 if lost == 0 and duplicates == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=8500)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    database_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")) or not redis_url:
        print("notifications_smtp: skipped, needs DATABASE_URL (PostgreSQL) and REDIS_URL")
        return 0
    parts = urlsplit(database_url)
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    bench_url = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
    drop = f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)"
    database_run(admin_url, drop, f"CREATE DATABASE {BENCH_DB}")
    try:
        return run(args.messages, args.workers, bench_url)
    finally:
        database_run(admin_url, drop)


if __name__ == "__main__":
    sys.exit(main())
