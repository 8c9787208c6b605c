"""Every write to an application that matters, one module per concern: ``status``
(the one place a status changes), ``intake`` (draft, submission, withdrawal),
``files`` (private files) and ``duplicates``. Callers import from here."""

from applications.drafts import ApplicationDraft, IdeaDraft, SocialAccountDraft
from applications.services.duplicates import application_duplicates_flag, application_duplicates_resolve
from applications.services.files import portfolio_file_add, portfolio_file_remove, portfolio_files_add
from applications.services.intake import (
    StaleApplicationError,
    application_draft_save,
    application_form_save,
    application_start,
    application_submit,
    application_withdraw,
)
from applications.services.status import (
    ALLOWED_TRANSITIONS,
    EVENT_FOR_STATUS,
    application_draft_lock,
    application_status_change,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "EVENT_FOR_STATUS",
    "ApplicationDraft",
    "IdeaDraft",
    "SocialAccountDraft",
    "StaleApplicationError",
    "application_draft_lock",
    "application_draft_save",
    "application_duplicates_flag",
    "application_duplicates_resolve",
    "application_form_save",
    "application_start",
    "application_status_change",
    "application_submit",
    "application_withdraw",
    "portfolio_file_add",
    "portfolio_file_remove",
    "portfolio_files_add",
]
