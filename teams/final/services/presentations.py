"""The teams' final presentations: every upload a new version, kept; after the
season's deadline no upload is taken and the version shown is locked."""

import hashlib
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.validators import content_url_validate, pdf_validate
from modules.services.common import people_tell
from teams.final.models import FinalSettings, Presentation, PresentationVersion
from teams.models import Membership, Team
from teams.selectors import is_member
from topblog.notifications.models import Event

logger = logging.getLogger(__name__)

MB = 1024 * 1024


def _open_settings(*, team: Team, now: datetime) -> FinalSettings:
    """The season's final settings, when presentations may still be uploaded."""
    final = FinalSettings.objects.filter(season_id=team.season_id).first()
    if final is None:
        raise ValidationError(_("Загрузка презентаций ещё не открыта: организаторы не задали срок."))
    if now >= final.presentation_deadline:
        raise ValidationError(
            _("Срок загрузки презентаций истёк %(deadline)s: презентацию больше нельзя заменить.")
            % {"deadline": date_format(timezone.localtime(final.presentation_deadline), "DATETIME_FORMAT")},
            code="deadline_passed",
        )
    return final


def _member_check(*, team: Team, by) -> None:
    """Only the team's members change its presentation, whatever road the call came by."""
    if not is_member(user=by, team=team):
        raise PermissionDenied(_("Презентацию команды загружают только её участники."))


def _presentation_lock(team: Team) -> Presentation:
    Presentation.objects.get_or_create(team=team)
    return Presentation.objects.select_for_update().get(team=team)


def _refuse_locked(presentation: Presentation) -> None:
    if presentation.locked_at is not None:
        raise ValidationError(_("Презентация уже закреплена для показа на финале: заменить её нельзя."))


def _sha256(uploaded_file) -> str:
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest()


def presentation_upload(
    *, team_id: int, uploaded_file, by, now: datetime | None = None
) -> PresentationVersion:
    """A new version of the team's presentation.

    Steps: refuse anyone outside the team (PermissionDenied); refuse after the season's
    deadline or once locked; check the file (a PDF by
    its content, within the season's size); lock the presentation (created on the first
    upload) so two uploads at once get numbers one after the other; save the file as a
    new version, the previous ones kept; show it until the next one."""
    now = now or timezone.now()
    team = Team.objects.get(pk=team_id)
    _member_check(team=team, by=by)
    final = _open_settings(team=team, now=now)
    pdf_validate(uploaded_file, limit=final.presentation_max_mb * MB)
    digest = _sha256(uploaded_file)
    with transaction.atomic():
        presentation = _presentation_lock(team)
        _refuse_locked(presentation)
        number = (presentation.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        version = PresentationVersion.objects.create(
            presentation=presentation,
            number=number,
            file=uploaded_file,
            original_name=(getattr(uploaded_file, "name", "") or "presentation.pdf")[:255],
            size=uploaded_file.size,
            sha256=digest,
            uploaded_by=by,
            uploaded_at=now,
        )
        presentation.shown_version = version
        presentation.save(update_fields=["shown_version", "updated_at"])
    logger.info(
        "Presentation of team %s: version %s uploaded by %s", team_id, number, getattr(by, "pk", None)
    )
    return version


def presentation_video_set(*, team_id: int, video_url: str, by, now: datetime | None = None) -> Presentation:
    """The team's video link (empty removes it), until the deadline."""
    now = now or timezone.now()
    team = Team.objects.get(pk=team_id)
    _member_check(team=team, by=by)
    _open_settings(team=team, now=now)
    if video_url:
        content_url_validate(video_url)
    with transaction.atomic():
        presentation = _presentation_lock(team)
        _refuse_locked(presentation)
        presentation.video_url = video_url
        presentation.save(update_fields=["video_url", "updated_at"])
    logger.info("Presentation of team %s: video link set by %s", team_id, getattr(by, "pk", None))
    return presentation


def presentations_lock(*, season_id: int, now: datetime | None = None) -> int:
    """Beat, and lazily before the locked presentations are exported: once the season's
    deadline has passed, lock each presentation on the last version uploaded before it.
    A presentation locked already is left as it is. Returns how many were locked."""
    now = now or timezone.now()
    final = FinalSettings.objects.filter(season_id=season_id, presentation_deadline__lte=now).first()
    if final is None:
        return 0
    locked = 0
    due = Presentation.objects.filter(
        team__season_id=season_id, locked_at__isnull=True, versions__isnull=False
    ).distinct()
    for presentation_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            presentation = Presentation.objects.select_for_update().get(pk=presentation_id)
            if presentation.locked_at is not None:
                continue
            shown = presentation.versions.filter(uploaded_at__lt=final.presentation_deadline).first()
            if shown is None:
                continue
            presentation.shown_version = shown
            presentation.locked_at = now
            presentation.save(update_fields=["shown_version", "locked_at", "updated_at"])
            locked += 1
            logger.info("Presentation %s locked on version %s", presentation.pk, shown.number)
    return locked


def presentations_lock_due(*, now: datetime | None = None) -> int:
    """Beat: lock the presentations of every season whose deadline has passed."""
    now = now or timezone.now()
    seasons = FinalSettings.objects.filter(presentation_deadline__lte=now).values_list("season_id", flat=True)
    return sum(presentations_lock(season_id=season_id, now=now) for season_id in seasons)


def presentation_reminders_send(*, now: datetime | None = None) -> int:
    """Beat: remind the members of every team of a current season whose presentation
    deadline is within one of FINAL_PRESENTATION_REMINDER_DAYS, once per person and lead
    (the nearest lead only, so a first run a day before sends one reminder, not two).
    Returns the teams reminded."""
    now = now or timezone.now()
    leads = sorted(settings.FINAL_PRESENTATION_REMINDER_DAYS)
    reminded = 0
    upcoming = FinalSettings.objects.filter(
        season__is_current=True,
        presentation_deadline__gt=now,
        presentation_deadline__lte=now + timedelta(days=leads[-1]),
    )
    for final in upcoming:
        lead = next(days for days in leads if final.presentation_deadline - now <= timedelta(days=days))
        members = Membership.objects.filter(team__season_id=final.season_id).values_list(
            "team_id", "finalist__application__applicant_id"
        )
        by_team: dict[int, list[int]] = {}
        for team_id, user_id in members:
            by_team.setdefault(team_id, []).append(user_id)
        for team_id, user_ids in by_team.items():
            people_tell(
                event=Event.PRESENTATION_DEADLINE,
                user_ids=user_ids,
                context={
                    "due_at": final.presentation_deadline.isoformat(),
                    "project_url": reverse("final:team_presentation", args=[team_id]),
                },
                occasion=f"presentation-deadline-{final.season_id}-{lead}d",
            )
            reminded += 1
    return reminded
