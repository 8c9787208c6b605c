"""Certificates: issued to every trainee who completed the programme by the season's
rule, printed as PDFs, revoked with a reason; and the trainee's data for ФИС ФРДО."""

import logging
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from modules import tasks
from modules.models import Certificate, EducationLevel, EducationRecord
from modules.selectors.members import season_members
from modules.selectors.programme import completions, programme_hours
from modules.services.common import programme_settings_lock
from modules.validators import snils_validate
from topblog.accounts.models import ConsentDocument
from topblog.accounts.services import consent_record
from topblog.notifications.models import Event
from topblog.notifications.services import notification_send
from topblog.tracks.models import Season, StageKind

logger = logging.getLogger(__name__)

REVOKE_REASON_MAX_LENGTH = Certificate._meta.get_field("revoke_reason").max_length


def certificates_issue(*, season_id: int, by) -> list[int]:
    """Issue a certificate to every trainee of the season who completed the programme
    and has none yet; returns the new certificates' ids.

    Steps, in one transaction: lock the season's settings (numbers are taken one
    issue at a time); work out each trainee's completion at this moment; number the new
    certificates on from the season's last one, each with a random verification code,
    and copy onto them everything the document prints; tell each person
    (CERTIFICATE_ISSUED). After commit, a task prints each PDF.
    """
    season = Season.objects.get(pk=season_id)
    education = season.stages.filter(kind=StageKind.EDUCATION).first()
    if education is None:
        raise ValidationError(
            _("У сезона нет этапа «Программа ДПО»: не из чего взять сроки обучения."),
            code="no_education_stage",
        )
    hours = programme_hours(season_id=season.pk)
    if not hours:
        raise ValidationError(
            _("В программе сезона нет модулей: нечего указать в удостоверении."), code="no_modules"
        )
    now = timezone.now()
    with transaction.atomic():
        programme = programme_settings_lock(season=season)
        done = completions(season=season, members=season_members(season_id=season.pk), now=now)
        issued = set(Certificate.objects.filter(season=season).values_list("application_id", flat=True))
        people = Application.objects.select_related("applicant").in_bulk(
            [pk for pk, result in done.items() if result.complete and pk not in issued]
        )
        last = Certificate.objects.filter(season=season).aggregate(last=Max("sequence"))["last"]
        sequence = max(last or 0, programme.certificate_first_number - 1)
        new = []
        for application in sorted(people.values(), key=lambda a: (a.last_name, a.first_name, a.pk)):
            sequence += 1
            new.append(
                Certificate(
                    season=season,
                    application=application,
                    sequence=sequence,
                    number=programme.certificate_number(sequence),
                    verification_code=secrets.token_urlsafe(9),
                    last_name=application.last_name,
                    first_name=application.first_name,
                    patronymic=application.patronymic,
                    programme_name=programme.programme_name,
                    hours=hours,
                    starts_on=timezone.localdate(education.starts_at),
                    ends_on=timezone.localdate(education.ends_at),
                    issuer_name=programme.issuer_name,
                    issued_at=now,
                    issued_by=by,
                )
            )
        created = Certificate.objects.bulk_create(new)
        for certificate in created:
            notification_send(
                event=Event.CERTIFICATE_ISSUED,
                recipients=[certificate.application.applicant],
                context={
                    "name": certificate.first_name,
                    "programme": certificate.programme_name,
                    "certificate_url": reverse("modules:certificate_download"),
                },
                occasion=f"certificate-{certificate.pk}",
            )
        ids = [c.pk for c in created]
        tasks.certificates_render_on_commit(ids)
    logger.info("Season %s: %s certificates issued by %s", season.pk, len(ids), getattr(by, "pk", None))
    return ids


def certificate_revoke(*, certificate_id: int, reason: str, by) -> Certificate:
    """Revoke a certificate: its verification page says so from now on. The reason is
    required and recorded with who and when."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Укажите причину аннулирования.")})
    if len(reason) > REVOKE_REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Причина — не длиннее %(max)s знаков.") % {"max": REVOKE_REASON_MAX_LENGTH}}
        )
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        if certificate.revoked_at is not None:
            raise ValidationError(
                _("Удостоверение %(number)s уже аннулировано.") % {"number": certificate.number},
                code="already_revoked",
            )
        certificate.revoked_at, certificate.revoked_by, certificate.revoke_reason = timezone.now(), by, reason
        certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    logger.info("Certificate %s revoked by %s", certificate.number, getattr(by, "pk", None))
    return certificate


EDUCATION_RECORD_FIELDS = (
    "snils",
    "sex",
    "citizenship",
    "education_level",
    "diploma_last_name",
    "diploma_series",
    "diploma_number",
)


def education_record_save(
    *, application_id: int, data: dict[str, str], by, ip_address: str | None, user_agent: str
) -> EducationRecord:
    """Keep the trainee's data for ФИС ФРДО under their consent to pass it on.

    Steps: only the trainee themselves, while their application is selected; check
    the СНИЛС's checksum and that a diploma is named unless still studying; record the
    consent (its own document, with address and browser); save the data with it.
    """
    values = {name: (data.get(name) or "").strip() for name in EDUCATION_RECORD_FIELDS}
    values["snils"] = snils_validate(values["snils"])
    if values["education_level"] != EducationLevel.STUDENT and not values["diploma_number"]:
        raise ValidationError(
            {"diploma_number": _("Укажите номер диплома о высшем или среднем профессиональном образовании.")}
        )
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application_id)
        if application.applicant_id != by.pk or application.status != ApplicationStatus.SELECTED:
            raise PermissionDenied(_("Сведения для реестра заполняет сам участник программы."))
        record = EducationRecord.objects.filter(application=application).first() or EducationRecord(
            application=application
        )
        for name, value in values.items():
            setattr(record, name, value)
        record.consent = consent_record(
            user=by, kind=ConsentDocument.Kind.EDUCATION_RECORDS, ip_address=ip_address, user_agent=user_agent
        )
        record.full_clean()
        record.save()
    logger.info("Education record of application %s saved", application_id)
    return record


def education_records_forget(*, user) -> int:
    """Delete the person's data for the register, as their consent to pass it on is
    withdrawn; the consent records stay, as evidence. Returns how many were deleted."""
    with transaction.atomic():
        deleted, _by_model = EducationRecord.objects.filter(application__applicant=user).delete()
    logger.info("Education records of user %s deleted: consent withdrawn", user.pk)
    return deleted
