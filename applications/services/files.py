"""An application's private files: work samples and a parent's consent, stored under
random names through Django's storage API."""

import logging
from collections.abc import Sequence
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from applications import rules, validators
from applications.models import PortfolioFile
from applications.services.status import application_draft_lock

logger = logging.getLogger(__name__)


def portfolio_file_add(
    *, application_id: int, upload: UploadedFile, kind: PortfolioFile.Kind, by
) -> PortfolioFile:
    """Store a file of a draft under a random name through the default storage.

    Checks the file by its content and size (validators.upload_validate); locks the
    application; allows at most MAX_WORK_FILES work files; a new parent's consent
    replaces the previous one (its stored file is deleted after commit).
    """
    kind = PortfolioFile.Kind(kind)
    content_type = validators.upload_validate(upload)
    with transaction.atomic():
        application = application_draft_lock(application_id=application_id)
        existing = PortfolioFile.objects.filter(application=application, kind=kind)
        if kind == PortfolioFile.Kind.WORK and existing.count() >= rules.MAX_WORK_FILES:
            raise ValidationError(
                validators.PROBLEM_MESSAGES["files", "too_many"] % validators.LIMITS, code="too_many"
            )
        if kind == PortfolioFile.Kind.PARENT_CONSENT:
            for previous in existing:
                _portfolio_file_delete(previous)
        # Under the extension of the type its content has, not the one it was uploaded with.
        original_name = rules.file_name_for(Path(upload.name or "file").name, content_type)[
            -PortfolioFile._meta.get_field("original_name").max_length :
        ]
        portfolio_file = PortfolioFile.objects.create(
            application=application,
            kind=kind,
            file=upload,
            original_name=original_name,
            content_type=content_type,
            size=upload.size,
        )
    logger.info("Application %s: %s file %s added by %s", application_id, kind, portfolio_file.pk, by.pk)
    return portfolio_file


def portfolio_files_add(
    *, application_id: int, uploads: Sequence[tuple[UploadedFile, str]], by
) -> tuple[list[PortfolioFile], list[str]]:
    """Store each upload on its own (portfolio_file_add): the files stored, and for each
    refused one, why, naming the file. A browser cannot send a file again by itself, so
    a refusal keeps the rest. A draft that is not a draft any more refuses them all."""
    stored, refused = [], []
    for upload, kind in uploads:
        try:
            stored.append(portfolio_file_add(application_id=application_id, upload=upload, kind=kind, by=by))
        except ValidationError as error:
            if error.code == "not_draft":
                raise
            refused.append(
                _("Файл «%(name)s» не сохранён: %(reason)s")
                % {"name": upload.name, "reason": " ".join(error.messages)}
            )
    return stored, refused


def _portfolio_file_delete(portfolio_file: PortfolioFile) -> None:
    storage, name = portfolio_file.file.storage, portfolio_file.file.name
    portfolio_file.delete()
    # Robust: the row is gone for good; a file the storage failed to delete is logged, not a 500.
    transaction.on_commit(lambda: storage.delete(name), robust=True)


def portfolio_file_remove(*, application_id: int, file_id: int, by) -> None:
    """Remove a file of the application, which must be a draft; its stored content is
    deleted after commit. PortfolioFile.DoesNotExist when the file is not this
    application's."""
    with transaction.atomic():
        portfolio_file = PortfolioFile.objects.get(pk=file_id, application_id=application_id)
        application_draft_lock(application_id=portfolio_file.application_id)
        _portfolio_file_delete(portfolio_file)
    logger.info("Application file %s removed by %s", file_id, by.pk)
