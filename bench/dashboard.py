"""Server time of the season dashboard for a full season of 8,500 applications, first
render (figures counted) and kept (figures from the cache), beside a bare view.

A throwaway SQLite file is seeded with the demo season (the developer's database is never
touched) with its stage under review, so every part of the page has figures, plus
notifications in every state. Each page is asked for in-process through Django's test
client, which is the whole of the server's work without a network in between; the bare
view (/healthz/, "ok") measures the same path with nothing on it. Loads alternate in
rounds so the machine's other work weighs on all alike. Medians of the elapsed time and
of the process's CPU time are printed (with SQLite in the process, CPU time is all the
server's work, whatever else the machine runs); nothing is asserted. Target: a first
render under 300 ms on SQLite.

    .venv/bin/python bench/dashboard.py [--applications 8500] [--rounds 15]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 300.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=8500, help="size of the demo season (8500)")
    parser.add_argument("--rounds", type=int, default=15, help="requests of each kind (15)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="topblog-bench-") as tmp:
        # Before django.setup(): settings read these once.
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/dashboard.sqlite3"
        os.environ["MEDIA_ROOT"] = f"{tmp}/media"
        os.environ["DJANGO_SETTINGS_MODULE"] = "topblog.settings"
        os.environ.pop("REDIS_URL", None)
        os.environ.pop("REDIS_CACHE_URL", None)
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        import django

        django.setup()
        run(args.applications, args.rounds)


def run(applications: int, rounds: int) -> None:
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from topblog.accounts.models import User
    from topblog.demo.services import demo_accounts_create, demo_season_seed

    call_command("migrate", verbosity=0, interactive=False)
    demo_season_seed(applications=applications, seed=1, stage="portfolio_review")
    demo_accounts_create()
    _outbox_fill()
    pages = {
        "organizers (admin)": ("organizer", "/admin/dashboard/"),
        "leadership (portal)": ("leadership", "/dashboard/"),
    }
    clients = {}
    for name, (word, _path) in pages.items():
        clients[name] = Client()
        clients[name].force_login(User.objects.get(email=f"{word}@demo.topblog.local"))
    bare = Client()

    def timed(client: Client, path: str) -> tuple[float, float]:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        elapsed, cpu = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        return elapsed, cpu

    # Templates compiled and connections opened once, as in a running server.
    for name, (_word, path) in pages.items():
        timed(clients[name], path)
    timed(bare, "/healthz/")
    times: dict[str, list[tuple[float, float]]] = {"bare": []}
    for _ in range(rounds):
        times["bare"].append(timed(bare, "/healthz/"))
        for name, (_word, path) in pages.items():
            cache.clear()
            times.setdefault(f"{name}, first", []).append(timed(clients[name], path))
            times.setdefault(f"{name}, kept", []).append(timed(clients[name], path))
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        timed(clients["organizers (admin)"], "/admin/dashboard/")
    with CaptureQueriesContext(connection) as kept:
        timed(clients["organizers (admin)"], "/admin/dashboard/")

    def medians(name: str) -> tuple[float, float]:
        return (statistics.median(t[0] for t in times[name]), statistics.median(t[1] for t in times[name]))

    bare_ms, bare_cpu = medians("bare")
    print(f"dashboard, {applications} applications, SQLite, medians of {rounds}, ms:")
    print(f"  {'':<34}{'elapsed':>8}{'CPU':>8}   CPU against the bare view")
    print(f"  {'bare view (/healthz/)':<34}{bare_ms:8.1f}{bare_cpu:8.1f}")
    for name in times:
        if name != "bare":
            elapsed, cpu = medians(name)
            print(f"  {name:<34}{elapsed:8.1f}{cpu:8.1f}   ×{cpu / bare_cpu:.0f}")
    first_ms, first_cpu = medians("organizers (admin), first")
    print(f"  target: first render under {TARGET_MS:.0f} ms; headroom ×{TARGET_MS / first_ms:.1f} elapsed, "
          f"×{TARGET_MS / first_cpu:.1f} CPU")
    print(f"  queries of the organizers' page: {len(first)} on a first render, {len(kept)} when kept")


def _outbox_fill() -> None:
    """Notifications in every state, as a running season has them."""
    from django.utils import timezone

    from topblog.accounts.models import User
    from topblog.notifications.models import OutboxMessage, OutboxState

    now = timezone.now()
    people = list(User.objects.values_list("pk", flat=True)[:5000])
    states = [OutboxState.SENT] * 8 + [OutboxState.PENDING, OutboxState.FAILED]
    OutboxMessage.objects.bulk_create(
        (
            OutboxMessage(
                event="application_submitted", channel="email", recipient_id=pk, idempotency_key=f"bench:{n}",
                state=state, sent_at=now if state == OutboxState.SENT else None, created_at=now,
            )
            for n, pk in enumerate(people)
            for state in [states[n % len(states)]]
        ),
        batch_size=1000,
    )


if __name__ == "__main__":
    main()
