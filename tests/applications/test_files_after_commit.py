"""A stored file is deleted after the commit that removed its row; if the storage fails
then, the removal stands and the failure is logged, never raised into the request."""

import logging

import pytest
from django.core.files.storage import default_storage

from applications import services
from applications.models import PortfolioFile
from tests.applications.test_services import pdf
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_storage_that_fails_after_the_commit_does_not_fail_the_removal(monkeypatch, caplog):
    application = ApplicationFactory()
    stored = services.portfolio_file_add(
        application_id=application.pk, upload=pdf(), kind="work", by=application.applicant
    )

    def storage_down(name):
        raise OSError("the file store is unreachable")

    monkeypatch.setattr(default_storage, "delete", storage_down)
    with caplog.at_level(logging.ERROR, logger="django.db.backends.base"):
        services.portfolio_file_remove(
            application_id=application.pk, file_id=stored.pk, by=application.applicant
        )

    assert not PortfolioFile.objects.exists()
    assert any("in on_commit()" in r.getMessage() and r.exc_info for r in caplog.records)
