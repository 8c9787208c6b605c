"""Benchmark: what a broker outage costs a request, and how wide the window is in which
a lost worker leaves a mail to be sent twice.

1. The portal in gunicorn (one worker) answers password-reset requests, each of which
   writes a mail to the outbox and queues it once the response has gone out, with the
   broker up, refusing connections (a closed port) and hanging (a port that accepts and
   never answers). The requests go one after another, so each also waits for the
   worker to finish the one before: the first request's time in an outage, the median
   of the next ones while publishing pauses (NOTIFICATIONS_PUBLISH_PAUSE_SECONDS), and
   the median when every request tries the broker (the pause set to 0).
2. 2,000 mails delivered in this process to an SMTP server on loopback: for each, the
   time from the server's acceptance to the end of the statement that records it sent.
   A worker killed inside that window leaves the message to be sent again; the window's
   share of the time per mail is the chance that a kill at a random moment of sending
   does so.

Needs DATABASE_URL (PostgreSQL), REDIS_URL and redis-server; works in a database
<name>_faults of its own and a redis-server of its own, both gone afterwards.

    .venv/bin/python bench/notifications_faults.py [--requests 10] [--mails 2000]
"""

import argparse
import http.cookiejar
import logging
import os
import socket
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from _notifications import (
    CountingSmtpServer,
    bench_database,
    free_port,
    private_redis,
    processes_stop,
    services_missing,
    web_start,
)

# One client asks for many resets here: the account forms' throttles would stop it.
UNTHROTTLED = {"THROTTLE_MAIL_PER_ADDRESS": "1000000", "THROTTLE_MAIL_PER_EMAIL": "1000000"}


def timed_requests(base: str, emails: list[str]) -> list[float]:
    """Seconds each password-reset request took, CSRF cookie and token included."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/accounts/password/reset/", timeout=60).read()
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    took = []
    for email in emails:
        body = urlencode({"email": email, "csrfmiddlewaretoken": token}).encode()
        started = time.perf_counter()
        try:
            opener.open(f"{base}/accounts/password/reset/", data=body, timeout=60).read()
        except urllib.error.HTTPError as error:
            raise SystemExit(f"The portal answered {error.code} during the outage.") from error
        took.append(time.perf_counter() - started)
    return took


def hung_port() -> socket.socket:
    """Listening and never accepting: connections complete in the backlog and are never
    answered, as a hung Redis."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    return server


def outage_costs(requests: int, env: dict, logs: Path) -> None:
    from topblog.accounts.models import User

    emails = iter(f"reset{n}@example.ru" for n in range(12 * requests))
    User.objects.bulk_create(
        # Any password that is not Django's unusable one lets a reset be asked for.
        User(email=f"reset{n}@example.ru", is_active=True, password="bench$x")  # noqa: S106
        for n in range(12 * requests)
    )
    listener = hung_port()
    up = os.environ["REDIS_URL"]
    cache = up.rsplit("/", 1)[0] + "/1"
    refusing = f"redis://127.0.0.1:{free_port()}/0"
    hanging = f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    # (broker, cache) of each case: an outage of the broker alone, then of all of Redis.
    cases = {
        "broker up": (up, cache),
        "broker refusing": (refusing, cache),
        "broker hanging": (hanging, cache),
        "all of Redis refusing": (refusing, refusing),
        "all of Redis hanging": (hanging, hanging),
    }
    print(f"notifications_faults: password-reset requests to gunicorn, {requests} per case")
    for name, (broker, cache_url) in cases.items():
        figures = []
        for pause in ("10", "0"):
            settings = {
                "REDIS_URL": broker,
                "REDIS_CACHE_URL": cache_url,
                "NOTIFICATIONS_PUBLISH_PAUSE_SECONDS": pause,
            }
            web, base = web_start({**env, **settings, **UNTHROTTLED}, logs, "web")
            try:
                took = timed_requests(base, [next(emails) for _ in range(requests + 1)])
            finally:
                processes_stop([web])
            figures.append(took)
        (first, *paused), trying = figures
        if name == "broker up":
            print(f"  {name}: median {1000 * statistics.median(paused):.0f} ms")
            continue
        print(
            f"  {name}: first request {first:.2f} s, then median "
            f"{1000 * statistics.median(paused):.0f} ms while publishing pauses; "
            f"every request trying: median {statistics.median(trying[1:]):.2f} s"
        )
    listener.close()


def send_window(mails: int) -> None:
    from django.db import connection

    from topblog.accounts.models import User
    from topblog.notifications.delivery import outbox_batch_deliver
    from topblog.notifications.models import Event
    from topblog.notifications.outbox import outbox_messages_write

    people = User.objects.bulk_create(User(email=f"window{n}@example.ru") for n in range(mails))
    server = CountingSmtpServer()
    server.controller.start()
    recorded: list[float] = []

    def note_sent_records(execute, sql, params, many, context):
        # Once the statement has left, PostgreSQL records the mail whatever becomes of us.
        if '"sent_at" = %s' in sql:
            recorded.append(time.perf_counter())
        return execute(sql, params, many, context)

    ids = outbox_messages_write(
        event=Event.PASSWORD_RESET, recipient_ids=[p.pk for p in people], context={"reset_url": "/r/"}
    ).new_ids
    from django.test import override_settings

    try:
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=server.port,
                EMAIL_USE_TLS=False,
                EMAIL_HOST_USER="",
                EMAIL_HOST_PASSWORD="",
            ),
            connection.execute_wrapper(note_sent_records),
        ):
            started = time.perf_counter()
            for start in range(0, len(ids), 100):
                outbox_batch_deliver(message_ids=ids[start : start + 100])
            took = time.perf_counter() - started
    finally:
        server.controller.stop()
    windows = [done - accepted for accepted, done in zip(server.accepted_at, recorded, strict=True)]
    per_mail = took / mails
    print(f"  at-least-once window, {mails} mails in one process ({1000 * per_mail:.2f} ms per mail):")
    print(
        f"    from the server's acceptance until our record leaves for PostgreSQL: "
        f"median {1e6 * statistics.median(windows):.0f} µs, "
        f"99th percentile {1e6 * statistics.quantiles(windows, n=100)[98]:.0f} µs; "
        f"on average {statistics.mean(windows) / per_mail:.1%} of the time per mail"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--mails", type=int, default=2000)
    args = parser.parse_args()
    if services_missing("notifications_faults"):
        return 0
    # aiosmtpd logs every SMTP command at INFO.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    with private_redis(), bench_database("faults") as bench_url, tempfile.TemporaryDirectory() as logs:
        env = {**os.environ, "DATABASE_URL": bench_url}
        outage_costs(args.requests, env, Path(logs))
        send_window(args.mails)
    return 0


if __name__ == "__main__":
    sys.exit(main())
