"""How fast certificates are issued as PDFs: 600 trainees who completed the programme,
issued through the service (rows and their notifications in the outbox, then each PDF
printed by the task after commit, inline here), printed as certificates per second; and
the printing alone beside it. Delivering the mail is the notification workers' job,
measured by bench/notifications_smtp.py, and is left out here.

    .venv/bin/python bench/certificates.py
"""

import time

from _programme import season_with_trainees, throwaway_django

TRAINEES = 600


def main() -> None:
    with throwaway_django():
        from modules.certificate_pdf import certificate_pdf
        from modules.models import Certificate
        from modules.services.certificates import certificates_issue
        from modules.services.printing import certificate_text
        from topblog.accounts.models import User
        from topblog.notifications import tasks

        tasks.outbox_deliver.delay = lambda message_ids: None

        season, _users = season_with_trainees(TRAINEES)
        organizer = User.objects.create_user("organizer@example.com", is_staff=True)
        started = time.perf_counter()
        issued = certificates_issue(season_id=season.pk, by=organizer)
        total = time.perf_counter() - started
        printed = Certificate.objects.exclude(pdf="").count()
        sizes = [c.pdf.size for c in Certificate.objects.all()[:20]]
        texts = [certificate_text(c) for c in Certificate.objects.all()[:100]]
        started = time.perf_counter()
        for text in texts:
            certificate_pdf(text)
        render = (time.perf_counter() - started) / len(texts)

    print(
        f"certificates issued as PDFs: {len(issued)} in {total:.1f} s, "
        f"{len(issued) / total:.1f} certificates/s "
        f"({printed} printed, about {sum(sizes) / len(sizes) / 1024:.0f} KB each)"
    )
    print(
        f"  printing alone {render * 1000:.0f} ms per certificate ({1 / render:.1f}/s): "
        f"{render * len(issued) / total:.0%} of the issue"
    )


if __name__ == "__main__":
    main()
