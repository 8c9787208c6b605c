"""The personal iCal feed at a secret address: parsed back it has the person's sessions at
their real time in the Moscow zone and the season's stages; a new address makes the old
one 404; the schedule page shows it with the times in Moscow time, zone named."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from modules.models import Audience, CalendarFeed
from modules.services.schedule import calendar_feed_renew, session_update
from tests.factories import applicant, organizer
from tests.modules.factories import SessionFactory, season_at, trainee
from topblog.tracks.models import Direction

pytestmark = pytest.mark.django_db


def feed_url(user) -> str:
    return reverse("modules:calendar_feed", args=[calendar_feed_renew(user=user).token])


def events(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_carries_the_persons_sessions_in_moscow_time_and_the_stages(client):
    season = season_at()
    person = trainee(season, "culture")
    start = datetime(2031, 3, 10, 16, 0, tzinfo=UTC)  # 19:00 in Moscow
    mine = SessionFactory(
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        title="Сторителлинг",
        online_url="https://vk.com/video-1_2",
        room="",
    )
    SessionFactory(
        audience=Audience.DIRECTION, direction=Direction.objects.get(code="health"), title="Не моё"
    )
    response = client.get(feed_url(person.applicant))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response)
    event = found[f"session-{mine.pk}@testserver"]
    assert str(event["summary"]) == "Сторителлинг"
    begins = event["dtstart"].dt
    assert begins.tzinfo == ZoneInfo("Europe/Moscow") and (begins.hour, begins.minute) == (19, 0)
    assert event["dtstart"].params["TZID"] == "Europe/Moscow"
    assert str(event["url"]) == "https://vk.com/video-1_2"
    assert "Не моё" not in [str(e["summary"]) for e in found.values()]
    stages = [e for uid, e in found.items() if uid.startswith("stage-")]
    assert len(stages) == 7
    calendar = Calendar.from_ical(response.content)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Moscow"]


def test_a_moved_session_comes_with_a_higher_sequence(client):
    season = season_at()
    person = trainee(season)
    session = SessionFactory(
        starts_at=datetime(2031, 3, 10, 16, 0, tzinfo=UTC), ends_at=datetime(2031, 3, 10, 18, 0, tzinfo=UTC)
    )
    url = feed_url(person.applicant)
    stage = session.stage
    stage.ends_at = datetime(2031, 12, 1, tzinfo=UTC)
    stage.save()
    session_update(
        session_id=session.pk,
        fields={
            "starts_at": datetime(2031, 3, 11, 16, 0, tzinfo=UTC),
            "ends_at": datetime(2031, 3, 11, 18, 0, tzinfo=UTC),
        },
        by=organizer(),
    )
    event = events(client.get(url))[f"session-{session.pk}@testserver"]
    assert int(event["sequence"]) == 1 and event["dtstart"].dt.day == 11


def test_a_new_address_makes_the_old_one_404(client):
    person = trainee(season_at())
    old = feed_url(person.applicant)
    assert client.get(old).status_code == 200
    client.force_login(person.applicant)
    response = client.post(reverse("modules:calendar_renew"))
    assert response.status_code == 302
    assert client.get(old).status_code == 404
    client.logout()
    new = reverse("modules:calendar_feed", args=[CalendarFeed.objects.get(user=person.applicant).token])
    assert new != old and client.get(new).status_code == 200


def test_a_made_up_address_and_a_former_trainees_address_are_404(client):
    person = trainee(season_at())
    url = feed_url(person.applicant)
    assert client.get(reverse("modules:calendar_feed", args=["made-up-token"])).status_code == 404
    person.status = "withdrawn"
    person.save()
    assert client.get(url).status_code == 404


def test_the_schedule_page_shows_moscow_time_with_the_zone_and_the_feed_address(client):
    person = trainee(season_at())
    SessionFactory(
        starts_at=datetime(2031, 3, 10, 16, 0, tzinfo=UTC),
        ends_at=datetime(2031, 3, 10, 17, 30, tzinfo=UTC),
        title="Сторителлинг",
    )
    client.force_login(person.applicant)
    page = client.get(reverse("modules:my_schedule")).content.decode()
    assert "10 марта 2031, 19:00 МСК" in page and "20:30 МСК" in page
    assert "Получить ссылку для календаря" in page
    client.post(reverse("modules:calendar_renew"))
    page = client.get(reverse("modules:my_schedule")).content.decode()
    assert CalendarFeed.objects.get(user=person.applicant).token in page


@pytest.mark.parametrize("who", ["anonymous", "applicant", "organizer"])
def test_the_personal_schedule_is_404_to_anyone_not_a_trainee(client, who):
    season_at()
    if who != "anonymous":
        client.force_login(applicant() if who == "applicant" else organizer())
    response = client.get(reverse("modules:my_schedule"))
    assert response.status_code == (302 if who == "anonymous" else 404)
    assert client.post(reverse("modules:calendar_renew")).status_code == (302 if who == "anonymous" else 404)
