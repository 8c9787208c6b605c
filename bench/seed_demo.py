"""How long ``seed_demo`` takes to create a full season of 8,500 applications: at the
application window (the default); past the selection, where the review stage adds
experts, some 18,000 assignments and reviews with their scores, and the published
selection, and the programme its first weeks; and at the final, where every stage before
it is filled (the programme's attendance, grades and certificates, and the finalists).

Runs on a throwaway SQLite file, never the developer's database, and prints figures
rather than asserting: the target is 60 s on a two-core machine for each.

    .venv/bin/python bench/seed_demo.py
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPLICATIONS = 8500
TARGET_SECONDS = 60.0


def main() -> None:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="topblog-bench-") as tmp:
        # Before django.setup(): settings read the database from the environment once.
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/seed_demo.sqlite3"
        os.environ["DJANGO_SETTINGS_MODULE"] = "topblog.settings"
        # The season's portfolio files go to the throwaway folder too, not the developer's media/.
        os.environ["MEDIA_ROOT"] = f"{tmp}/media"
        # Only the figures below on the console, not the services' progress logs.
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        import django

        django.setup()
        from django.core.management import call_command

        from topblog.demo.services import demo_accounts_create, demo_season_seed

        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        migrated = time.perf_counter()
        # The command's two steps, timed apart: the five demo logins are hashed with the
        # real PBKDF2 work factor, which is a fixed cost unrelated to the season's size.
        summary = demo_season_seed(applications=APPLICATIONS, seed=1, stage="applications", reset=False)
        seeded = time.perf_counter()
        demo_accounts_create()
        finished = time.perf_counter()
        reviewed = demo_season_seed(applications=APPLICATIONS, seed=1, stage="education", reset=True)
        after_selection = time.perf_counter()
        # The finalists' answers go through their services, which tell people through the
        # outbox; their portal notifications are delivered inline, no mail is printed.
        os.environ["EMAIL_URL"] = "dummymail://"
        last = demo_season_seed(applications=APPLICATIONS, seed=1, stage="final", reset=True)
        at_final = time.perf_counter()

    total = finished - migrated
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(
        f"seed_demo {summary.applications} applications: {total:.1f} s "
        f"({summary.applications / total:.0f} applications/s); "
        f"target {TARGET_SECONDS:.0f} s; headroom ×{TARGET_SECONDS / total:.2f}"
    )
    print(
        f"  season and applications {seeded - migrated:.1f} s, demo logins {finished - seeded:.1f} s; "
        f"migrate {migrated - started:.1f} s (not counted)"
    )
    past = after_selection - finished
    print(
        f"seed_demo --stage education (past the selection, reset first): {past:.1f} s; "
        f"target {TARGET_SECONDS:.0f} s; headroom ×{TARGET_SECONDS / past:.2f}; "
        f"{reviewed.experts} experts, {reviewed.reviews} reviews, "
        f"{reviewed.by_status.get('selected', 0)} selected"
    )
    final = at_final - after_selection
    print(
        f"seed_demo --stage final (every stage filled, reset first): {final:.1f} s; "
        f"target {TARGET_SECONDS:.0f} s; headroom ×{TARGET_SECONDS / final:.2f}; "
        f"{last.programme.certificates} certificates, {sum(last.programme.finalists.values())} finalists"
    )
    print(f"  peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
