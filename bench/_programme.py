"""What the programme's benchmarks share: Django on a throwaway SQLite file (never the
developer's database) with inline tasks, and a season whose trainees are ready."""

import os
import sys
import tempfile
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def throwaway_django():
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="topblog-bench-") as tmp:
        # Before django.setup(): settings read the environment once.
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/programme.sqlite3"
        os.environ["MEDIA_ROOT"] = f"{tmp}/media"
        os.environ["DJANGO_SETTINGS_MODULE"] = "topblog.settings"
        os.environ["REDIS_URL"] = ""  # tasks inline: the benchmark measures the work, not a queue
        os.environ["EMAIL_URL"] = "dummymail://"
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        yield


def season_with_trainees(count: int):
    """A current season at the end of its programme, with one module and ``count``
    selected applicants (bulk-inserted, with unusable passwords)."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from applications.models import Application, ApplicationDirection
    from modules.models import Module
    from topblog.accounts.models import User
    from topblog.tracks.models import Direction, Region, Season, Stage, StageKind

    season = Season.objects.create(
        number=5, is_current=True, bloggers_quota=600, officials_quota=100, finalists_quota=150, team_size=30
    )
    start = timezone.now() - timedelta(days=120)
    for kind in StageKind.values:
        days = 40 if kind == StageKind.EDUCATION else 20
        Stage.objects.create(season=season, kind=kind, starts_at=start, ends_at=start + timedelta(days=days))
        start += timedelta(days=days)
    Module.objects.create(season=season, title="Производство видеоконтента", hours=72)
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"trainee{n}@example.com", password=password, is_active=True) for n in range(count)
    )
    group = Group.objects.get(name="applicant")
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=u.pk, group_id=group.pk) for u in users
    )
    region = Region.objects.get(code="77")
    applications = Application.objects.bulk_create(
        Application(
            season=season,
            applicant=u,
            role="blogger",
            status="selected",
            last_name="Иванова",
            first_name="Мария",
            patronymic="Сергеевна",
            region=region,
            city="Москва",
            phone=f"+7916{n:07d}",
            submitted_at=timezone.now(),
        )
        for n, u in enumerate(users)
    )
    directions = list(Direction.objects.order_by("position"))
    ApplicationDirection.objects.bulk_create(
        ApplicationDirection(application=a, direction=directions[n % len(directions)], rank=1)
        for n, a in enumerate(applications)
    )
    return season, users
