"""The final of the demo season (``seed_demo --stage final``): its settings, the agenda's
presentation slots (sessions of the schedule for each team, in the final's second day,
inside «Защита медиапроектов») and a presentation per team with two versions, the
second one shown; once the deadline is past they are locked as the beat would.

Called by ``services.demo_season_seed`` after the teams and their projects exist. Rows
are written directly, like the rest of the demo: the services would tell the teams about
slots and uploads nobody made, and refuse uploads after the deadline that the demo puts
in the past."""

import hashlib
import io
import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import cache

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from modules.models import Audience, Session
from teams.final.models import FinalSettings, Presentation, PresentationSlot, PresentationVersion
from teams.final.services.agenda import SLOT_TITLE
from teams.final.services.presentations import presentations_lock
from teams.models import Team
from topblog.demo.generator import MOSCOW
from topblog.tracks.models import Season, StageKind

FONT = "DejaVuSerif"
SLOT_MINUTES = 30
ROOM = "Большой зал, «Сенеж»"


@dataclass(frozen=True)
class FinalSummary:
    slots: int
    presentations: int
    locked: int


@cache
def _font() -> None:
    pdfmetrics.registerFont(TTFont(FONT, settings.BASE_DIR / "static" / "fonts" / "DejaVuSerif.ttf"))


def presentation_pdf(*, title: str, lines: list[str]) -> bytes:
    """A small slide deck: a title page and a page of ``lines``, in Russian."""
    _font()
    buffer = io.BytesIO()
    page = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=page)
    pdf.setTitle(title)
    pdf.setFont(FONT, 28)
    pdf.drawString(60, page[1] / 2, title)
    pdf.showPage()
    pdf.setFont(FONT, 18)
    for n, line in enumerate(lines):
        pdf.drawString(60, page[1] - 90 - 32 * n, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def final_demo_seed(*, season: Season, now: datetime) -> FinalSummary:
    """The final's demo data for ``season``'s teams on ``now``."""
    final = season.stages.get(kind=StageKind.FINAL)
    settings_row = FinalSettings.objects.create(
        season=season, presentation_deadline=final.starts_at - timedelta(days=2), presentation_max_mb=50
    )
    teams = list(Team.objects.filter(season=season).select_related("direction").order_by("number"))
    defence_day = final.starts_at.astimezone(MOSCOW).date() + timedelta(days=1)
    first = datetime.combine(defence_day, time(11), MOSCOW)
    sessions = Session.objects.bulk_create(
        Session(
            stage=final,
            title=SLOT_TITLE.format(direction=team.direction.name),
            starts_at=first + timedelta(minutes=SLOT_MINUTES * n),
            ends_at=first + timedelta(minutes=SLOT_MINUTES * (n + 1)),
            room=ROOM,
            audience=Audience.TEAM,
            team_number=team.number,
        )
        for n, team in enumerate(teams)
    )
    PresentationSlot.objects.bulk_create(
        PresentationSlot(team=team, session=session) for team, session in zip(teams, sessions, strict=True)
    )
    for team in teams:
        presentation = Presentation.objects.create(team=team)
        member = team.memberships.select_related("finalist__application").first()
        versions = []
        for number, days_before in ((1, 9), (2, 3)):
            content = presentation_pdf(
                title=f"Команда «{team.direction.name}»",
                lines=[team.direction.ministry, f"Финальная презентация, версия {number}"],
            )
            name = default_storage.save(f"private/presentations/{uuid.uuid4().hex}.pdf", io.BytesIO(content))
            versions.append(
                PresentationVersion(
                    presentation=presentation,
                    number=number,
                    file=name,
                    original_name=f"presentation-{team.direction.code}-v{number}.pdf",
                    size=len(content),
                    sha256=hashlib.sha256(content).hexdigest(),
                    uploaded_by_id=member.finalist.application.applicant_id if member else None,
                    uploaded_at=settings_row.presentation_deadline - timedelta(days=days_before),
                )
            )
        PresentationVersion.objects.bulk_create(versions)
        Presentation.objects.filter(pk=presentation.pk).update(shown_version=versions[-1])
    locked = presentations_lock(season_id=season.pk, now=now)
    return FinalSummary(slots=len(sessions), presentations=len(teams), locked=locked)


def final_demo_delete() -> None:
    """The final's agenda and presentations, their stored PDFs once the deletion commits."""
    stored = list(PresentationVersion.objects.values_list("file", flat=True))
    transaction.on_commit(lambda: [default_storage.delete(name) for name in stored])
    Presentation.objects.update(shown_version=None, locked_at=None)
    PresentationVersion.objects.all().delete()
    Presentation.objects.all().delete()
    session_ids = list(PresentationSlot.objects.values_list("session_id", flat=True))
    PresentationSlot.objects.all().delete()
    Session.objects.filter(pk__in=session_ids).delete()
    FinalSettings.objects.all().delete()
