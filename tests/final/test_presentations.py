"""The final's presentations: PDF only (by content), within the season's size, a new
version per upload with every one kept, nothing after the deadline, the version shown
locked; files open in the browser for those who may see them and 404 for anyone else."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from teams.final import tasks
from teams.final.models import Juror, Presentation
from teams.final.selectors.presentations import presentations_visible_to
from teams.final.services.presentations import (
    presentation_reminders_send,
    presentation_upload,
    presentation_video_set,
    presentations_lock,
    presentations_lock_due,
)
from tests.factories import applicant, image_bytes, ministry_curator, ministry_leadership, organizer
from tests.final.factories import final_season, member, pdf_file, team, uploaded
from topblog.demo.files import pdf_bytes
from topblog.notifications.models import Channel, Event, OutboxMessage

pytestmark = pytest.mark.django_db


def applicant_of(membership):
    return membership.finalist.application.applicant


@pytest.fixture
def culture():
    season = final_season()
    return team(season, "culture")


# --- uploads


def test_each_upload_is_a_new_version_and_every_version_is_kept(culture):
    first = uploaded(culture, name="v1.pdf")
    second = uploaded(culture, name="v2.pdf")
    presentation = Presentation.objects.get(team=culture)
    assert [v.number for v in presentation.versions.all()] == [2, 1]
    assert presentation.shown_version == second
    assert first.file.name != second.file.name
    assert first.file.storage.exists(first.file.name) and second.file.storage.exists(second.file.name)
    assert presentation.versions.get(number=1).original_name == "v1.pdf"
    assert len(second.sha256) == 64 and second.uploaded_by is not None


@pytest.mark.parametrize(
    "content",
    [b"<!doctype html><html><body>%PDF-</body></html>", image_bytes("PNG")],
    ids=["html", "png"],
)
def test_a_file_renamed_pdf_is_refused_by_its_content(culture, content):
    with pytest.raises(ValidationError, match="загрузите документ PDF"):
        presentation_upload(
            team_id=culture.pk,
            uploaded_file=SimpleUploadedFile("deck.pdf", content, content_type="application/pdf"),
            by=applicant_of(member(culture)),
        )
    assert not Presentation.objects.filter(team=culture, versions__isnull=False).exists()


def test_a_file_above_the_seasons_size_is_refused(culture):
    pdf = pdf_bytes(lines=["big"])
    padded = pdf[:9] + b"%" + b"0" * (2 * 1024 * 1024) + b"\n" + pdf[9:]
    with pytest.raises(ValidationError, match="слишком большой"):
        presentation_upload(
            team_id=culture.pk,
            uploaded_file=SimpleUploadedFile("big.pdf", padded),
            by=applicant_of(member(culture)),
        )


def test_after_the_deadline_a_replacement_is_refused_and_the_last_version_before_it_locked(culture):
    uploader = applicant_of(member(culture))
    uploaded(culture, by=uploader, name="v1.pdf")
    last = uploaded(culture, by=uploader, name="v2.pdf")
    deadline = culture.season.final_settings.presentation_deadline
    with time_machine.travel(deadline + timedelta(minutes=1), tick=False):
        with pytest.raises(ValidationError, match="Срок загрузки презентаций истёк"):
            presentation_upload(team_id=culture.pk, uploaded_file=pdf_file("late.pdf"), by=uploader)
        with pytest.raises(ValidationError, match="Срок загрузки"):
            presentation_video_set(team_id=culture.pk, video_url="https://vk.com/video1", by=uploader)
        assert presentations_lock_due() == 1
        assert presentations_lock_due() == 0
    presentation = Presentation.objects.get(team=culture)
    assert presentation.shown_version == last
    assert presentation.locked_at == deadline + timedelta(minutes=1)
    assert presentation.versions.count() == 2


def test_the_lock_waits_for_the_deadline(culture):
    uploaded(culture)
    assert presentations_lock(season_id=culture.season_id) == 0
    assert Presentation.objects.get(team=culture).locked_at is None


def test_the_video_link_is_checked_and_kept(culture):
    uploader = applicant_of(member(culture))
    with pytest.raises(ValidationError):
        presentation_video_set(team_id=culture.pk, video_url="javascript:alert(1)", by=uploader)
    presentation_video_set(team_id=culture.pk, video_url="https://rutube.ru/video/1/", by=uploader)
    assert Presentation.objects.get(team=culture).video_url == "https://rutube.ru/video/1/"


# --- the team's page


def test_a_member_uploads_from_the_page_and_sees_the_history(client, culture):
    person = applicant_of(member(culture))
    client.force_login(person)
    url = reverse("final:team_presentation", args=[culture.pk])
    response = client.post(url, {"action": "upload", "file": pdf_file("Итог.pdf")})
    assert response.status_code == 302
    client.post(url, {"action": "upload", "file": pdf_file("Итог-2.pdf")})
    page = client.get(url).content.decode()
    assert "Версия 2" in page and "Версия 1" in page and "(показывается)" in page


def test_a_wrong_file_on_the_page_is_said_in_russian_and_the_video_link_kept(client, culture):
    client.force_login(applicant_of(member(culture)))
    url = reverse("final:team_presentation", args=[culture.pk])
    fake = SimpleUploadedFile("deck.pdf", b"<html></html>", content_type="application/pdf")
    response = client.post(url, {"action": "upload", "file": fake})
    assert response.status_code == 400
    assert "загрузите документ PDF" in response.content.decode()
    response = client.post(url, {"action": "video", "video_url": "not a link"})
    assert response.status_code == 400
    assert 'value="not a link"' in response.content.decode()


def test_the_service_refuses_anyone_outside_the_team(culture):
    outsider = applicant_of(member(team(culture.season, "health")))
    with pytest.raises(PermissionDenied):
        presentation_upload(team_id=culture.pk, uploaded_file=pdf_file(), by=outsider)
    with pytest.raises(PermissionDenied):
        presentation_video_set(team_id=culture.pk, video_url="https://vk.com/video1", by=organizer())
    assert not Presentation.objects.filter(team=culture).exists()


def test_a_member_of_one_team_cannot_upload_to_anothers(client, culture):
    health = team(culture.season, "health")
    client.force_login(applicant_of(member(health)))
    url = reverse("final:team_presentation", args=[culture.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "upload", "file": pdf_file()}).status_code == 404
    assert not Presentation.objects.filter(team=culture).exists()


def test_a_curator_reads_the_page_but_cannot_upload(client, culture):
    client.force_login(ministry_curator("culture"))
    url = reverse("final:team_presentation", args=[culture.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Загрузить новую версию" not in page.content.decode()
    assert client.post(url, {"action": "upload", "file": pdf_file()}).status_code == 404


def test_after_the_deadline_the_page_offers_no_upload(client, culture):
    person = applicant_of(member(culture))
    client.force_login(person)
    url = reverse("final:team_presentation", args=[culture.pk])
    with time_machine.travel(culture.season.final_settings.presentation_deadline + timedelta(hours=1)):
        page = client.get(url).content.decode()
        assert "Загрузить новую версию" not in page and "Срок загрузки прошёл" in page
        response = client.post(url, {"action": "upload", "file": pdf_file()})
        assert response.status_code == 400 and "Срок загрузки презентаций истёк" in response.content.decode()


# --- the files


def file_url(version) -> str:
    return reverse("final:presentation_file", args=[version.pk])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member", 200),
        ("culture_curator", 200),
        ("leadership", 200),
        ("organizer", 200),
        ("health_curator", 404),
        ("other_member", 404),
        ("applicant", 404),
        ("anonymous", 404),
    ],
)
def test_a_presentation_opens_in_the_browser_for_those_who_may_see_it(client, culture, who, status):
    own = member(culture)
    version = uploaded(culture, by=applicant_of(own))
    people = {
        "member": lambda: applicant_of(own),
        "culture_curator": lambda: ministry_curator("culture"),
        "leadership": ministry_leadership,
        "organizer": organizer,
        "health_curator": lambda: ministry_curator("health"),
        "other_member": lambda: applicant_of(member(team(culture.season, "health"))),
        "applicant": applicant,
    }
    if who != "anonymous":
        client.force_login(people[who]())
    response = client.get(file_url(version))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_missing_version_is_404_like_a_forbidden_one(client, culture):
    client.force_login(organizer())
    assert client.get(reverse("final:presentation_file", args=[99999])).status_code == 404


def test_jurors_see_the_presentations_of_the_directions_they_score(culture):
    health = team(culture.season, "health")
    uploaded(culture)
    uploaded(health)
    juror = applicant()
    seat = Juror.objects.create(season=culture.season, user=juror, added_at=timezone.now())
    seen = presentations_visible_to(user=juror, season_id=culture.season_id)
    assert {p.team.direction.code for p in seen} == {"culture", "health"}
    seat.directions.add(health.direction)
    seen = presentations_visible_to(user=juror, season_id=culture.season_id)
    assert [p.team.direction.code for p in seen] == ["health"]


# --- the deadline reminded


def test_the_deadline_is_reminded_once_per_member_and_lead(culture):
    person = applicant_of(member(culture))
    deadline = culture.season.final_settings.presentation_deadline
    assert presentation_reminders_send() == 0  # five days ahead: not yet
    with time_machine.travel(deadline - timedelta(days=2), tick=False):
        assert presentation_reminders_send() == 1
        presentation_reminders_send()
    with time_machine.travel(deadline - timedelta(hours=5), tick=False):
        presentation_reminders_send()
    with time_machine.travel(deadline + timedelta(hours=1), tick=False):
        assert presentation_reminders_send() == 0
    told = OutboxMessage.objects.filter(
        event=Event.PRESENTATION_DEADLINE, recipient=person, channel=Channel.EMAIL
    )
    assert told.count() == 2
    assert told.first().context["project_url"] == reverse("final:team_presentation", args=[culture.pk])


def test_the_beat_task_reminds_and_locks(culture):
    uploaded(culture)
    with time_machine.travel(culture.season.final_settings.presentation_deadline + timedelta(minutes=5)):
        assert tasks.presentations_lock.delay().get() == {"reminded": 0, "locked": 1}
