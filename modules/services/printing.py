"""Printing a certificate's PDF: the one step the render task and the download view
share, so it lives apart from the services that queue the task."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from modules.certificate_pdf import CertificateText, certificate_pdf
from modules.models import Certificate


def certificate_verify_url(certificate: Certificate) -> str:
    path = reverse("modules:certificate_verify", args=[certificate.number, certificate.verification_code])
    return settings.NOTIFICATIONS_SITE_URL + path


def certificate_text(certificate: Certificate) -> CertificateText:
    return CertificateText(
        number=certificate.number,
        full_name=certificate.full_name,
        programme_name=certificate.programme_name,
        hours=certificate.hours,
        starts_on=certificate.starts_on,
        ends_on=certificate.ends_on,
        issued_on=timezone.localdate(certificate.issued_at),
        issuer_name=certificate.issuer_name,
        verify_url=certificate_verify_url(certificate),
    )


def certificate_pdf_ensure(*, certificate_id: int) -> Certificate:
    """The certificate with its PDF stored: printed now if it is not yet (the task that
    prints it may not have run), never printed twice."""
    certificate = Certificate.objects.get(pk=certificate_id)
    if certificate.pdf:
        return certificate
    content = certificate_pdf(certificate_text(certificate))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        if not certificate.pdf:
            certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(content), save=False)
            certificate.save(update_fields=["pdf"])
    return certificate
