"""Reads of certificates and the records the register needs."""

import hmac

from django.db.models import QuerySet

from applications.selectors import user_is_organizer
from modules.models import Certificate, EducationRecord


def certificate_of(*, application_id: int) -> Certificate | None:
    return Certificate.objects.filter(application_id=application_id).first()


def certificates_visible_to(*, user) -> QuerySet[Certificate]:
    """Organizers see every certificate, anyone else their own."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Certificate.objects.none()
    if user_is_organizer(user):
        return Certificate.objects.all()
    return Certificate.objects.filter(application__applicant=user)


def certificate_for_viewer(*, certificate_id: int, user) -> Certificate:
    """Certificate.DoesNotExist unless ``user`` may download it."""
    return certificates_visible_to(user=user).get(pk=certificate_id)


def certificate_verify(*, number: str, code: str) -> Certificate | None:
    """The certificate with this number if ``code`` is its verification code; None for
    a made-up number or a wrong code alike."""
    certificate = Certificate.objects.filter(number=number).first()
    if certificate is None or not hmac.compare_digest(certificate.verification_code, code):
        return None
    return certificate


def education_record_of(*, application_id: int) -> EducationRecord | None:
    return EducationRecord.objects.filter(application_id=application_id).first()


def education_records_of(*, user) -> QuerySet[EducationRecord]:
    """The person's register data, of any season."""
    return EducationRecord.objects.filter(application__applicant=user)
