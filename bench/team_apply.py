"""How long the portal's team formation takes for a season's 150 confirmed finalists in
5 teams through the services on SQLite: the dry run (the input read from the database,
the core, the run stored), applying it (150 memberships, their history, 150 notices in
the outbox, one transaction), and a second run and apply after 20 people changed their
wishes. Target: the organizer's page answers within a second.

    .venv/bin/python bench/team_apply.py
"""

import random
import time

from _programme import season_with_trainees, throwaway_django

PEOPLE = 150
CHANGED = 20
TARGET_SECONDS = 1.0


def main() -> None:
    with throwaway_django():
        from django.db import transaction
        from django.utils import timezone

        from modules.models import Finalist
        from teams.models import TeamPreference
        from teams.services.formation import formation_run_apply, formation_run_start
        from topblog.accounts.models import User
        from topblog.tracks.models import Direction, Region

        rng = random.Random(1)
        season, _users = season_with_trainees(PEOPLE)
        codes = list(Direction.objects.order_by("position").values_list("code", flat=True))
        directions = {d.code: d for d in Direction.objects.all()}
        regions = list(Region.objects.all())
        now = timezone.now()
        finalists = []
        for seat, application in enumerate(season.applications.order_by("pk"), start=1):
            application.region = rng.choice(regions)
            application.save(update_fields=["region"])
            finalists.append(
                Finalist.objects.create(
                    season=season,
                    application=application,
                    role="blogger",
                    direction=directions[codes[seat % len(codes)]],
                    status="confirmed",
                    score=1.0,
                    programme_score=1.0,
                    review_score=1.0,
                    rule="score",
                    seat=seat,
                    decided_at=now,
                )
            )
        TeamPreference.objects.bulk_create(
            TeamPreference(
                finalist=f, directions=rng.sample(codes[:3], 2) + rng.sample(codes[3:], 1), updated_at=now
            )
            for f in finalists
        )
        organizer = User.objects.create_user("organizer@example.com", is_staff=True)

        started = time.perf_counter()
        run = formation_run_start(season=season, by=organizer)
        dry = time.perf_counter() - started
        # The notices are delivered once the transaction commits: inline here (no broker),
        # after the response in a request, by a worker in production. Timed apart.
        started = time.perf_counter()
        with transaction.atomic():
            applied = formation_run_apply(run_id=run.pk, by=organizer)
            apply_seconds = time.perf_counter() - started
        delivery = time.perf_counter() - started - apply_seconds

        for finalist in rng.sample(finalists, CHANGED):
            TeamPreference.objects.filter(finalist=finalist).update(directions=[rng.choice(codes)])
        started = time.perf_counter()
        with transaction.atomic():
            again = formation_run_apply(
                run_id=formation_run_start(season=season, by=organizer).pk, by=organizer
            )
            rerun = time.perf_counter() - started

    first = run.result["metrics"]["first_choice_share"]
    print(
        f"team formation of {PEOPLE} finalists in 5 teams: dry run {dry:.2f} s, apply {apply_seconds:.2f} s "
        f"({applied.placed} placed, {applied.told} told); target {TARGET_SECONDS:.0f} s each; "
        f"first choice {first:.0%}"
    )
    print(
        f"  the {applied.told * 2} notices (mail and portal) delivered inline after commit: {delivery:.2f} s"
    )
    print(f"  {CHANGED} wishes changed, run and apply again: {rerun:.2f} s")
    print(f"    ({again.moved} moved, {again.told} told)")


if __name__ == "__main__":
    main()
