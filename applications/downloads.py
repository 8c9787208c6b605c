"""How a private file is sent, by the page and by the API alike: an attachment under the
extension of its type, which a browser neither guesses the type of nor runs in the
portal's origin, and which no cache keeps. Later stages send their private files
(assignments, certificates) the same way."""

from django.http import FileResponse

from applications import rules
from applications.models import PortfolioFile


def private_file_response(handle, *, filename: str, content_type: str) -> FileResponse:
    """``handle`` (an open file) as an attachment named ``filename`` with the extension
    of ``content_type``."""
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=rules.file_name_for(filename, content_type),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Opened directly, it still cannot run anything in the portal's origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def portfolio_file_response(portfolio: PortfolioFile, *, name: str | None = None) -> FileResponse:
    """The file under its name (or ``name``) with the extension of its type;
    FileNotFoundError when the stored file is gone."""
    handle = portfolio.file.storage.open(portfolio.file.name, "rb")
    return private_file_response(
        handle, filename=name or portfolio.original_name, content_type=portfolio.content_type
    )
