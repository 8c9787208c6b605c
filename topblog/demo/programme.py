"""The programme stage of the demo season: the ДПО's modules, sessions, assignments,
attendance and grades, the register's data, certificates and the finalists with their
answers and waiting list, so that every page of the stage has something to show.

Called by ``services.demo_season_seed`` once the season is at the programme or later.
Rows are written in bulk, like the rest of the demo, except the finalists: they go
through the programme's services (proposal, publication, answers, expiry), which own
the seats and the waiting list; their e-mails are dropped, since nobody was ever sent
the demo's history, while the portal's notification centre keeps them."""

import logging
import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Max

from applications.models import Application
from modules.audience import concerns
from modules.models import (
    Assignment,
    Attendance,
    Audience,
    Certificate,
    EducationRecord,
    Finalist,
    FinalistChange,
    Module,
    ProgrammeSettings,
    Session,
    StageAnnouncement,
    Submission,
)
from modules.rules import snils_checksum
from modules.selectors.members import season_members
from modules.selectors.programme import completions, programme_hours
from topblog.accounts.models import Consent, ConsentDocument
from topblog.accounts.selectors import consent_document_current
from topblog.demo.generator import MOSCOW, STAGE_ORDER
from topblog.demo.names import SENEZH
from topblog.demo.programme_finalists import finalists_demo_seed
from topblog.demo.programme_texts import (
    DIRECTION_SEMINAR,
    FINAL_SESSIONS,
    LECTURERS,
    MODULES,
    TEAM_MODULE_SESSIONS,
    VIDEO_ROOM,
)
from topblog.notifications.models import Channel, OutboxMessage
from topblog.tracks.models import Direction, Season, Stage, StageKind

logger = logging.getLogger(__name__)

BATCH = 1000


@dataclass(frozen=True)
class ProgrammeSummary:
    sessions: int
    attendance: int
    submissions: int
    certificates: int
    finalists: dict[str, int]


def _at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), MOSCOW)


def _sessions(season: Season, stages: dict[str, Stage], directions: list[Direction], modules: list[Module]):
    """Programme sessions on weekday evenings through the programme, up to four days
    before it ends; a seminar per direction; the team module's and the final's events."""
    education = stages[StageKind.EDUCATION]
    first = education.starts_at.astimezone(MOSCOW).date() + timedelta(days=1)
    last = education.ends_at.astimezone(MOSCOW).date() - timedelta(days=4)
    plan = [
        (module, topic, None)
        for module, (_title, _hours, topics, _task) in zip(modules, MODULES, strict=True)
        for topic in topics
    ]
    plan += [(modules[-1], DIRECTION_SEMINAR.format(name=d.name), d) for d in directions]
    step = (last - first) / max(len(plan) - 1, 1)
    sessions = []
    for n, (module, topic, direction) in enumerate(plan):
        day = first + step * n
        sessions.append(
            Session(
                stage=education,
                module=module,
                title=topic,
                lecturer=LECTURERS[n % len(LECTURERS)],
                starts_at=_at(day, 19),
                ends_at=_at(day, 20, 30),
                online_url=VIDEO_ROOM.format(n=n + 1),
                audience=Audience.DIRECTION if direction else Audience.SELECTED,
                direction=direction,
            )
        )
    # At «Сенеж», for the finalists: the team module's days from its second, the final's
    # from its first, where the public is welcome too.
    for kind, events, first_day, public in (
        (StageKind.TEAM_MODULE, TEAM_MODULE_SESSIONS, 1, False),
        (StageKind.FINAL, FINAL_SESSIONS, 0, True),
    ):
        start = stages[kind].starts_at.astimezone(MOSCOW).date()
        for n, (title, room) in enumerate(events):
            day = start + timedelta(days=first_day + n)
            sessions.append(
                Session(
                    stage=stages[kind],
                    title=title,
                    room=f"{room}, {SENEZH}",
                    starts_at=_at(day, 11),
                    ends_at=_at(day, 14),
                    audience=Audience.FINALISTS,
                    is_public=public,
                )
            )
    return Session.objects.bulk_create(sessions)


def _assignments(modules: list[Module], sessions: list[Session], education: Stage) -> list[Assignment]:
    """One per module, due three days after its last session, and never later than
    three days before the programme ends."""
    latest = _at(education.ends_at.astimezone(MOSCOW).date() - timedelta(days=3), 23, 59)
    assignments = []
    for module, (_title, _hours, _topics, task) in zip(modules, MODULES, strict=True):
        last = max(s.starts_at for s in sessions if s.module_id == module.pk)
        due = min(_at(last.astimezone(MOSCOW).date() + timedelta(days=3), 23, 59), latest)
        assignments.append(
            Assignment(
                module=module,
                title=task,
                deadline=due,
                max_score=10,
                description=f"Задание модуля «{module.title}».",
            )
        )
    return Assignment.objects.bulk_create(assignments)


def _marks_and_work(rng, *, members, sessions, assignments, now: datetime, grading_open: bool):
    """Attendance of the sessions held by ``now`` and work handed in by then: each
    trainee has a steadiness (most are steady, a few drop out) and a skill."""
    attendance, submissions = [], []
    for member in members:
        steadiness = rng.choices(
            (rng.uniform(0.85, 1), rng.uniform(0.6, 0.85), rng.uniform(0.1, 0.6)), weights=(80, 15, 5)
        )[0]
        skill = rng.triangular(6, 10, 8.5)
        for session in sessions:
            if session.module_id and session.starts_at <= now and concerns(session, member):
                attendance.append(
                    Attendance(
                        session=session,
                        application_id=member.application_id,
                        present=rng.random() < steadiness,
                        source=Attendance.Source.IMPORT,
                        marked_at=session.ends_at + timedelta(hours=2),
                    )
                )
        for assignment in assignments:
            due = assignment.deadline <= now
            if not (rng.random() < min(0.99, steadiness + 0.15) if due else rng.random() < 0.3):
                continue
            submitted_at = (
                assignment.deadline - timedelta(hours=rng.uniform(1, 96))
                if due
                else now - timedelta(hours=rng.uniform(1, 48))
            )
            graded = due and (not grading_open or rng.random() < 0.75)
            score = max(0, min(10, round(rng.gauss(skill, 1.0)))) if graded else None
            submissions.append(
                Submission(
                    assignment=assignment,
                    application_id=member.application_id,
                    submitted_at=submitted_at,
                    link=f"https://rutube.ru/video/{rng.getrandbits(64):016x}/",
                    score=score,
                    feedback="Хорошая работа, обратите внимание на звук." if graded and score < 8 else "",
                    graded_at=min(assignment.deadline + timedelta(hours=rng.uniform(2, 72)), now)
                    if graded
                    else None,
                )
            )
    Attendance.objects.bulk_create(attendance, batch_size=BATCH)
    Submission.objects.bulk_create(submissions, batch_size=BATCH)
    return len(attendance), len(submissions)


def _education_records(rng, *, season: Season, since: datetime) -> None:
    """Three in four trainees have given the register's data, with its consent."""
    document = consent_document_current(kind=ConsentDocument.Kind.EDUCATION_RECORDS)
    if document is None:
        return
    people = list(
        Application.objects.filter(season=season, status="selected")
        .order_by("pk")
        .values_list("pk", "applicant_id", "patronymic", "last_name")
    )
    chosen = [p for p in people if rng.random() < 0.75]
    consents = Consent.objects.bulk_create(
        Consent(
            user_id=user_id,
            document=document,
            given_at=max(since, document.published_at) + timedelta(days=2),
            ip_address="192.0.2.10",
            user_agent="Mozilla/5.0 (demo)",
        )
        for _pk, user_id, _patronymic, _last in chosen
    )
    records = []
    for (pk, _user_id, patronymic, last_name), consent in zip(chosen, consents, strict=True):
        number = f"{rng.randrange(2_000_000, 999_999_999):09d}"
        level = rng.choices(("higher", "vocational", "student"), weights=(80, 12, 8))[0]
        records.append(
            EducationRecord(
                application_id=pk,
                snils=number + snils_checksum(number),
                sex="F" if patronymic.endswith("на") else "M",
                education_level=level,
                diploma_last_name=last_name if level != "student" else "",
                diploma_series=f"{rng.randrange(100000, 999999)}" if level != "student" else "",
                diploma_number=f"{rng.randrange(1_000_000, 9_999_999)}" if level != "student" else "",
                consent=consent,
            )
        )
    EducationRecord.objects.bulk_create(records, batch_size=BATCH)


def _certificates(rng, *, season: Season, programme: ProgrammeSettings, education: Stage) -> int:
    """Certificates of everyone who completed the programme, issued the day it ended.
    Their PDFs are printed when first downloaded."""
    done = completions(season=season, members=season_members(season_id=season.pk), now=education.ends_at)
    people = Application.objects.filter(pk__in=[pk for pk, r in done.items() if r.complete]).order_by(
        "last_name", "first_name", "pk"
    )
    hours = programme_hours(season_id=season.pk)
    certificates = [
        Certificate(
            season=season,
            application=a,
            sequence=n,
            number=programme.certificate_number(n),
            verification_code=f"{rng.getrandbits(72):018x}",
            last_name=a.last_name,
            first_name=a.first_name,
            patronymic=a.patronymic,
            programme_name=programme.programme_name,
            hours=hours,
            starts_on=education.starts_at.astimezone(MOSCOW).date(),
            ends_on=education.ends_at.astimezone(MOSCOW).date(),
            issuer_name=programme.issuer_name,
            issued_at=education.ends_at,
        )
        for n, a in enumerate(people, start=programme.certificate_first_number)
    ]
    return len(Certificate.objects.bulk_create(certificates, batch_size=BATCH))


def programme_demo_seed(*, season: Season, stage: str, now: datetime, seed: int) -> ProgrammeSummary:
    """The programme's demo data for a season at ``stage`` (the programme or later) on ``now``."""
    rng = random.Random(seed * 7919 + 13)
    stages = {s.kind: s for s in season.stages.all()}
    education = stages[StageKind.EDUCATION]
    programme = ProgrammeSettings.objects.create(season=season, certificate_prefix=f"MK{season.number}")
    modules = Module.objects.bulk_create(
        Module(season=season, title=title, hours=hours, position=n)
        for n, (title, hours, _topics, _task) in enumerate(MODULES, start=1)
    )
    sessions = _sessions(season, stages, list(Direction.objects.order_by("position")), modules)
    assignments = _assignments(modules, sessions, education)
    past_programme = STAGE_ORDER.index(stage) > STAGE_ORDER.index(StageKind.EDUCATION)
    attendance, submissions = _marks_and_work(
        rng,
        members=season_members(season_id=season.pk),
        sessions=sessions,
        assignments=assignments,
        now=now,
        grading_open=not past_programme,
    )
    _education_records(rng, season=season, since=education.starts_at)
    certificates = 0
    if past_programme:
        certificates = _certificates(rng, season=season, programme=programme, education=education)
        first_message = OutboxMessage.objects.aggregate(last=Max("pk"))["last"] or 0
        finalists_demo_seed(rng, season=season, education=education, now=now)
        OutboxMessage.objects.filter(pk__gt=first_message, channel=Channel.EMAIL).delete()
    finalists = dict(
        Finalist.objects.filter(season=season).order_by().values_list("status").annotate(n=Count("pk"))
    )
    return ProgrammeSummary(
        sessions=len(sessions),
        attendance=attendance,
        submissions=submissions,
        certificates=certificates,
        finalists=finalists,
    )


def programme_demo_delete() -> None:
    """The programme's rows, before the applications and seasons they hang on go, each
    table in one statement; stored PDFs and files once the deletion is committed."""
    stored = [
        *Certificate.objects.exclude(pdf="").values_list("pdf", flat=True),
        *Submission.objects.exclude(file="").values_list("file", flat=True),
    ]
    transaction.on_commit(lambda: [default_storage.delete(name) for name in stored])
    for model in (
        FinalistChange,
        Finalist,
        Certificate,
        EducationRecord,
        Attendance,
        Submission,
        Session,
        StageAnnouncement,
        Assignment,
        Module,
        ProgrammeSettings,
    ):
        model.objects.all().delete()
