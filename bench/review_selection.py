"""Review and selection at the real season's size: 8,500 applications, 2–3 reviews each.

1. The cores on their own (applications/review/assignment.py, applications/scoring.py):
   assign experts, normalise their totals, select by quota and minimum. Target: 5 s in
   all, printed beside each part's time.
2. The same work through the services on a seeded throwaway SQLite database: the
   assignment run (with its status changes and mails), the normalised scores the
   finalists' ranking reads, and the proposal kept for organizers; then the number of
   queries of the expert's queue, the scoring page and the ranking page at that size.
   Figures, not targets: they depend on the database.

    .venv/bin/python bench/review_selection.py
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPLICATIONS = 8500
EXPERTS = 85
DIRECTIONS = ("culture", "health", "agro", "science", "tourism")
TARGET_SECONDS = 5.0


def cores() -> float:
    from applications.review.assignment import Expert, Need, plan
    from applications.scoring import Candidate, Review, normalise, select

    rng = random.Random(1)
    experts = [
        Expert(
            expert_id=100_000 + n,
            directions=frozenset({DIRECTIONS[n % 5], rng.choice(DIRECTIONS)}),
            ministry=DIRECTIONS[n % 5] if rng.random() < 0.15 else None,
            regions=frozenset({f"{rng.randint(1, 89):02d}"}) if rng.random() < 0.1 else frozenset(),
        )
        for n in range(EXPERTS)
    ]
    roles = {pk: "blogger" if rng.random() < 0.85 else "official" for pk in range(1, APPLICATIONS + 1)}
    needs = [
        Need(
            application_id=pk,
            applicant_id=pk,
            role=roles[pk],
            direction=rng.choice(DIRECTIONS),
            wanted=3 if rng.random() < 0.1 else 2,
            ministry=rng.choice(DIRECTIONS),
            region=f"{rng.randint(1, 89):02d}",
            organization="Департамент",
        )
        for pk in range(1, APPLICATIONS + 1)
    ]
    started = time.perf_counter()
    planned = plan(needs, experts)
    assigned = time.perf_counter()
    harsh = {e.expert_id: (rng.gauss(0, 1), rng.uniform(0.6, 1.4)) for e in experts}
    merit = {n.application_id: rng.gauss(0, 1) for n in needs}
    reviews = [
        Review(a, e, max(0.0, 50 + 10 * harsh[e][1] * (merit[a] + rng.gauss(0, 0.4)) - 8 * harsh[e][0]))
        for a, e in planned.pairs
    ]
    made = time.perf_counter()
    scores = normalise(reviews)
    normalised = time.perf_counter()
    direction = {n.application_id: n.direction for n in needs}
    chosen = select(
        (Candidate(a, roles[a], direction[a], s) for a, s in scores.items()),
        {"blogger": 600, "official": 100},
        {("official", d): 10 for d in DIRECTIONS} | {("blogger", d): 50 for d in DIRECTIONS},
    )
    selected = time.perf_counter()
    parts = {"assign": assigned - started, "normalise": normalised - made, "select": selected - normalised}
    total = sum(parts.values())
    print(
        f"cores, {APPLICATIONS} applications, {len(reviews)} reviews "
        f"({len(reviews) / APPLICATIONS:.2f} each), {EXPERTS} experts, {len(chosen)} selected:"
    )
    for name, seconds in parts.items():
        print(f"  {name:<10}{seconds:7.3f} s")
    print(
        f"  in all    {total:7.3f} s; target {TARGET_SECONDS:.0f} s; headroom ×{TARGET_SECONDS / total:.1f}"
    )
    return total


def services_on_a_seeded_season() -> None:
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from applications.review import selectors, services
    from topblog.demo.services import demo_accounts_create, demo_season_seed
    from topblog.tracks.selectors import season_current

    call_command("migrate", verbosity=0, interactive=False)
    # The test client's host name, and templates' contexts recorded, as in tests.
    setup_test_environment()
    demo_season_seed(applications=APPLICATIONS, seed=1, stage="applications")
    demo_accounts_create()
    season = season_current()
    started = time.perf_counter()
    run = services.assign_reviewers(season_id=season.pk)
    assigned = time.perf_counter() - started
    print(f"services on SQLite, {APPLICATIONS} applications (seeded at the application window):")
    print(
        f"  assign_reviewers   {assigned:7.2f} s  ({run.assigned} assignments, {run.moved_to_review} "
        f"status changes, {run.experts_told} mails)"
    )

    demo_season_seed(applications=APPLICATIONS, seed=1, stage="portfolio_review", reset=True)
    demo_accounts_create()
    season = season_current()
    started = time.perf_counter()
    scores = selectors.review_scores(season_id=season.pk)
    normalised = time.perf_counter() - started
    started = time.perf_counter()
    proposal = services.selection_propose(season_id=season.pk, by=None)
    proposed = time.perf_counter() - started
    print(f"  review_scores      {normalised:7.2f} s  ({len(scores)} applications scored; seeded mid-review)")
    print(
        f"  selection_propose  {proposed:7.2f} s  "
        f"({len(proposal.rows)} decisions, {len(proposal.held_out)} held out)"
    )

    at_size = _page_queries()
    demo_season_seed(applications=10, seed=1, stage="portfolio_review", reset=True)
    demo_accounts_create()
    services.selection_propose(season_id=season_current().pk, by=None)
    at_ten = _page_queries()
    for name, queries in at_size.items():
        print(f"  {name:<18} {at_ten[name]:>3} queries at 10 applications, {queries:>3} at {APPLICATIONS}")


def _page_queries() -> dict[str, int | str]:
    """Queries of the expert's queue and scoring page (the demo expert's first
    assignment) and of the ranking page, each loaded by a signed-in browser."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from applications.models import ReviewAssignment
    from topblog.accounts.models import User

    expert = User.objects.get(email="expert@demo.topblog.local")
    organizer = User.objects.get(email="organizer@demo.topblog.local")
    application_id = (
        ReviewAssignment.objects.filter(expert=expert).values_list("application_id", flat=True).first()
    )
    pages = {
        "expert's queue": (expert, reverse("review:queue")),
        "queue, done tab": (expert, reverse("review:queue") + "?show=done"),
        "scoring page": (expert, reverse("review:application", args=[application_id])),
        "ranking page": (organizer, reverse("admin:review_selectiondecision_changelist")),
    }
    counts = {}
    for name, (person, url) in pages.items():
        client = Client()
        client.force_login(person)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        counts[name] = len(queries) if status == 200 else f"HTTP {status}"
    return counts


def main() -> None:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="topblog-bench-") as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/review.sqlite3"
        os.environ["DJANGO_SETTINGS_MODULE"] = "topblog.settings"
        os.environ["MEDIA_ROOT"] = f"{tmp}/media"
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        # Mail to nowhere: the run writes thousands of outbox rows, delivered inline.
        os.environ["EMAIL_URL"] = "dummymail://"
        import django

        django.setup()
        cores()
        services_on_a_seeded_season()


if __name__ == "__main__":
    main()
