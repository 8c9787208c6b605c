"""The trainee's own certificate as a PDF."""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from applications.downloads import private_file_response
from modules.models import Certificate
from modules.selectors.certificates import certificate_for_viewer, certificate_of
from modules.services.printing import certificate_pdf_ensure
from modules.views.common import Trainee, trainee_page


def _pdf_response(certificate: Certificate) -> HttpResponse:
    certificate = certificate_pdf_ensure(certificate_id=certificate.pk)
    try:
        handle = certificate.pdf.storage.open(certificate.pdf.name, "rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return private_file_response(
        handle, filename=f"udostoverenie-{certificate.number}.pdf", content_type="application/pdf"
    )


@require_GET
@trainee_page
def certificate_download(request: HttpRequest, trainee: Trainee) -> HttpResponse:
    certificate = certificate_of(application_id=trainee.application.pk)
    if certificate is None:
        raise Http404
    return _pdf_response(certificate)


@require_GET
def certificate_file(request: HttpRequest, certificate_id: int) -> HttpResponse:
    """Any certificate's PDF to organizers (from the admin), one's own to its holder;
    404 to anyone else."""
    if not request.user.is_authenticated:
        raise Http404
    try:
        certificate = certificate_for_viewer(certificate_id=certificate_id, user=request.user)
    except Certificate.DoesNotExist as missing:
        raise Http404 from missing
    return _pdf_response(certificate)
