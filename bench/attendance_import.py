"""How long the attendance import takes for the whole programme: 700 trainees × 20
sessions (14,000 rows), target 10 s; the same file again (nothing to change); and a bare
bulk insert of the same rows beside it, for the ratio of checking to writing.

    .venv/bin/python bench/attendance_import.py
"""

import time
from datetime import timedelta

from _programme import season_with_trainees, throwaway_django

TRAINEES = 700
SESSIONS = 20
TARGET_SECONDS = 10.0


def main() -> None:
    with throwaway_django():
        from modules.models import Attendance, Session
        from modules.services.attendance import attendance_import
        from topblog.accounts.models import User

        season, users = season_with_trainees(TRAINEES)
        education = season.stages.get(kind="education")
        sessions = Session.objects.bulk_create(
            Session(
                stage=education,
                module=season.programme_modules.get(),
                title=f"Занятие {n}",
                starts_at=education.starts_at + timedelta(days=n + 1),
                ends_at=education.starts_at + timedelta(days=n + 1, hours=2),
                online_url="https://vk.com/video",
            )
            for n in range(SESSIONS)
        )
        lines = ["email;session;present"] + [
            f"{u.email};{s.pk};{1 if (u.pk + s.pk) % 7 else 0}" for s in sessions for u in users
        ]
        content = "\n".join(lines).encode()
        organizer = User.objects.create_user("organizer@example.com", is_staff=True)

        started = time.perf_counter()
        written = attendance_import(season_id=season.pk, content=content, by=organizer)
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = attendance_import(season_id=season.pk, content=content, by=organizer)
        second = time.perf_counter() - started

        rows = list(Attendance.objects.values_list("session_id", "application_id", "present"))
        Attendance.objects.all().delete()
        started = time.perf_counter()
        Attendance.objects.bulk_create(
            (
                Attendance(
                    session_id=s,
                    application_id=a,
                    present=p,
                    source="import",
                    marked_at=organizer.date_joined,
                )
                for s, a, p in rows
            ),
            batch_size=1000,
        )
        bare = time.perf_counter() - started

    rows_count = len(lines) - 1
    print(
        f"attendance import {rows_count} rows ({TRAINEES} trainees × {SESSIONS} sessions): {first:.2f} s "
        f"({rows_count / first:.0f} rows/s); target {TARGET_SECONDS:.0f} s; "
        f"headroom ×{TARGET_SECONDS / first:.1f}"
    )
    print(f"  created {written.created}; the same file again {second:.2f} s, unchanged {again.unchanged}")
    print(f"  a bare bulk insert of the same rows {bare:.2f} s: the import costs ×{first / bare:.1f} of it")


if __name__ == "__main__":
    main()
