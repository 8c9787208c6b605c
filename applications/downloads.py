"""How a private file of an application is sent, by the page and by the API alike."""

from django.http import FileResponse

from applications import rules
from applications.models import PortfolioFile


def portfolio_file_response(portfolio: PortfolioFile, *, name: str | None = None) -> FileResponse:
    """The file as an attachment (never shown in the portal's origin) under its name (or
    ``name``) with the extension of its type; FileNotFoundError when the stored file is gone."""
    handle = portfolio.file.storage.open(portfolio.file.name, "rb")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=rules.file_name_for(name or portfolio.original_name, portfolio.content_type),
        content_type=portfolio.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Opened directly, it still cannot run anything in the portal's origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
