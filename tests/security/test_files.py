"""A file keeps the extension of the type found in it, and a client holding only an API
token downloads its own files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from rest_framework.authtoken.models import Token

from applications import services
from applications.models import PortfolioFile
from tests.factories import SMALL_PDF, ApplicationFactory, PortfolioFileFactory, SeasonFactory

pytestmark = pytest.mark.django_db


def jpeg_named(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="text/html")


@pytest.mark.parametrize(
    ("uploaded_as", "kept_as"),
    [
        ("photo.html", "photo.jpg"),
        ("photo", "photo.jpg"),
        ("снимок.JPEG.svg", "снимок.JPEG.jpg"),
        (".html", "file.jpg"),
    ],
)
def test_a_file_is_stored_and_downloaded_with_the_extension_of_its_type(client, uploaded_as, kept_as):
    SeasonFactory()
    application = ApplicationFactory()
    stored = services.portfolio_file_add(
        application_id=application.pk, upload=jpeg_named(uploaded_as), kind="work", by=application.applicant
    )
    client.force_login(application.applicant)

    response = client.get(reverse("applications:file", args=[stored.pk]))

    assert stored.original_name == kept_as
    assert stored.file.name.endswith(".jpg")
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".html" not in response["Content-Disposition"] and ".svg" not in response["Content-Disposition"]


def test_an_old_row_named_otherwise_still_downloads_under_its_types_extension(client):
    old = PortfolioFileFactory(original_name="cv.html")
    client.force_login(old.application.applicant)

    response = client.get(reverse("applications:file", args=[old.pk]))

    assert 'filename="cv.pdf"' in response["Content-Disposition"]


def test_a_token_only_client_downloads_its_own_files_and_no_one_elses(client):
    SeasonFactory()
    mine = PortfolioFileFactory(application=ApplicationFactory())
    theirs = PortfolioFileFactory(application=ApplicationFactory())
    token = Token.objects.create(user=mine.application.applicant)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}

    listed = client.get(reverse("api:my-application"), **auth).json()["files"][0]["url"]
    own = client.get(listed, **auth)
    other = client.get(reverse("api:my-application-file", args=[theirs.pk]), **auth)

    assert own.status_code == 200
    assert b"".join(own.streaming_content) == SMALL_PDF
    assert own["Content-Disposition"].startswith("attachment;")
    assert "no-store" in own["Cache-Control"]
    assert other.status_code == 404
    assert PortfolioFile.objects.count() == 2
