"""Benchmark: a bulk event to 8,500 people through the outbox, delivered by two Celery
workers to an SMTP server on loopback, twice:

1. undisturbed: mails per second, and the ratio to the target of 150/s;
2. one of the workers killed (SIGKILL, its whole process group) three quarters of the way
   through a second broadcast, with beat running the sweep at the settings' defaults:
   the time from the kill until every message is sent, beside the time the surviving
   workers need for the rest at the undisturbed rate. What the dead worker held waits
   for its lease to run out and the next sweep (at most NOTIFICATIONS_LEASE_SECONDS +
   NOTIFICATIONS_SWEEP_SECONDS after the kill).

Both check that every mail arrived; the first that none arrived twice. After the kill one
copy may arrive: the kill is made while the server takes a mail, and if that mail is the
dead worker's, the server accepts what no worker can record any more (the at-least-once
window, which bench/notifications_faults.py measures).

Needs DATABASE_URL (PostgreSQL), REDIS_URL and redis-server. It creates its own database
(<name>_bench, on the server DATABASE_URL names) and drops it afterwards, and starts a
redis-server of its own as the broker.

    .venv/bin/python bench/notifications_smtp.py [--messages 8500] [--workers 2]
"""

import argparse
import logging
import os
import resource
import signal
import sys
import tempfile
import time
from pathlib import Path

from _notifications import (
    CountingSmtpServer,
    bench_database,
    private_redis,
    processes_stop,
    services_missing,
    workers_cpu_seconds,
    workers_start,
)

TARGET_PER_SECOND = 150
KILLED_AT = 0.75


def _cpu_seconds(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def broadcast(people, occasion: str) -> None:
    from topblog.notifications.models import Event
    from topblog.notifications.services import broadcast_create

    broadcast_create(
        event=Event.RESULTS_PUBLISHED,
        recipients=people,
        context={"results_url": "/results/"},
        occasion=occasion,
    )


def all_sent(occasion: str, deadline: float) -> bool:
    """Wait until the broadcast is written out whole and every message of it is sent."""
    from topblog.notifications.models import Broadcast, OutboxMessage, OutboxState

    while time.monotonic() < deadline:
        written = Broadcast.objects.filter(occasion=occasion, fanned_out_at__isnull=False).exists()
        waiting = OutboxMessage.objects.filter(occasion=occasion).exclude(state=OutboxState.SENT)
        if written and not waiting.exists():
            return True
        time.sleep(0.2)
    return False


def arrivals(server: CountingSmtpServer, occasion: str) -> tuple[int, int]:
    """How many of the occasion's mails never arrived, and how many copies arrived."""
    from topblog.notifications.channels import message_id_header
    from topblog.notifications.models import Channel, OutboxMessage

    expected = {
        message_id_header(m).encode()
        for m in OutboxMessage.objects.filter(channel=Channel.EMAIL, occasion=occasion)
    }
    lost = len(expected - set(server.received))
    copies = sum(count - 1 for key, count in server.received.items() if key in expected and count > 1)
    return lost, copies


def undisturbed(
    people, server: CountingSmtpServer, env: dict, logs: Path, worker_count: int
) -> tuple[float, bool]:
    messages = len(people)
    workers = workers_start(worker_count, env, logs)
    try:
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        workers_before = workers_cpu_seconds(workers)
        started = time.perf_counter()
        broadcast(people, "bench")
        deadline = time.monotonic() + 900
        while server.total < messages and time.monotonic() < deadline:
            time.sleep(0.05)
        mails_done = time.perf_counter() - started
        all_sent("bench", deadline)
        all_done = time.perf_counter() - started
        workers_cpu = workers_cpu_seconds(workers) - workers_before
    finally:
        processes_stop(workers)
    server_cpu = _cpu_seconds(resource.getrusage(resource.RUSAGE_SELF)) - _cpu_seconds(cpu_before)
    lost, copies = arrivals(server, "bench")
    rate = server.total / mails_done
    print(
        f"notifications_smtp: {server.total} of {messages} mails, {mails_done:.1f} s, {worker_count} workers"
    )
    print(
        f"  mails per second: {rate:.1f} (target {TARGET_PER_SECOND}/s, ratio {rate / TARGET_PER_SECOND:.2f})"
    )
    print(f"  every outbox row sent (mail and portal, {2 * messages}) in {all_done:.1f} s")
    print(f"  lost: {lost}, duplicated: {copies}")
    # CPU per mail does not depend on what else the machine is doing, unlike the rate.
    print(
        f"  CPU per mail: workers {1000 * workers_cpu / messages:.1f} ms, "
        f"SMTP server and this script {1000 * server_cpu / messages:.1f} ms"
    )
    return rate, lost == 0 and copies == 0


def worker_killed(
    people, server: CountingSmtpServer, env: dict, logs: Path, worker_count: int, rate: float
) -> bool:
    from django.conf import settings

    messages, before = len(people), server.total
    workers = workers_start(worker_count, env, logs, beat=True)
    doomed = workers[-1]
    killed_at: list[float] = []

    def kill_three_quarters_through(sink: CountingSmtpServer) -> None:
        if not killed_at and sink.total - before >= KILLED_AT * messages:
            os.killpg(doomed.pid, signal.SIGKILL)
            killed_at.append(time.perf_counter())

    server.before_accept = kill_three_quarters_through
    try:
        broadcast(people, "bench-killed")
        drained = all_sent("bench-killed", time.monotonic() + 900)
        done = time.perf_counter()
    finally:
        server.before_accept = None
        processes_stop(workers)
    lost, copies = arrivals(server, "bench-killed")
    survivors_need = (1 - KILLED_AT) * messages / (rate * (worker_count - 1) / worker_count)
    sweep = settings.CELERY_BEAT_SCHEDULE["notifications-sweep"]["schedule"].total_seconds()
    print(f"  one of {worker_count} workers killed {KILLED_AT:.0%} through {messages} mails:")
    print(
        f"    drained {done - killed_at[0]:.1f} s after the kill; the surviving workers need "
        f"{survivors_need:.1f} s for the rest"
    )
    print(f"    (lease {settings.NOTIFICATIONS_LEASE_SECONDS} s, sweep every {sweep:.0f} s)")
    print(f"    lost: {lost}, copies: {copies}{'' if drained else ', NOT DRAINED in 15 min'}")
    return drained and lost == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=8500)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if services_missing("notifications_smtp"):
        return 0
    with private_redis(), bench_database("bench") as bench_url:
        from topblog.accounts.models import User

        # aiosmtpd logs every SMTP command at INFO, which would cost this process more than serving them.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        people = User.objects.bulk_create(
            User(email=f"bench{n}@example.ru", language=("ru", "en")[n % 5 == 0])
            for n in range(args.messages)
        )
        server = CountingSmtpServer()
        server.controller.start()
        env = {**os.environ, "DATABASE_URL": bench_url, "EMAIL_URL": server.url}
        try:
            with tempfile.TemporaryDirectory() as logs:
                rate, clean = undisturbed(people, server, env, Path(logs), args.workers)
                drained = worker_killed(people, server, env, Path(logs), args.workers, rate)
        finally:
            server.controller.stop()
    return 0 if clean and drained else 1


if __name__ == "__main__":
    sys.exit(main())
