"""The programme's figures on the season's dashboard: the funnel's steps of completion
and confirmed finalists, finalists per region, and the table per direction; a curator's
figures are their direction's; the page's queries do not grow with the programme."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from modules.dashboard import collect, regions_collect
from modules.models import Attendance, Finalist
from modules.services import finalists as services
from tests.factories import ministry_curator, organizer
from tests.modules.factories import CertificateFactory, SessionFactory
from tests.modules.test_finalists import published_finalists
from topblog.dashboard.registry import Audience, Scope
from topblog.tracks.models import Direction

pytestmark = pytest.mark.django_db


def scope(season, audience=Audience.ORGANIZERS, direction=None) -> Scope:
    return Scope(
        audience=audience, season=season, previous_season=None, direction=direction, now=timezone.now()
    )


def test_the_funnel_counts_completion_and_confirmed_finalists():
    season, seated = published_finalists()
    CertificateFactory(application=seated[0].application)
    CertificateFactory(application=seated[1].application)
    services.finalist_confirm(application_id=seated[0].application_id, by=seated[0].application.applicant)
    steps = {step.key: step for step in collect(scope(season)).funnel}
    assert steps["programme-certified"].total == 2 and steps["programme-certified"].position == 600
    confirmed = steps["finalists-confirmed"]
    assert confirmed.total == 1 and confirmed.position == 700 and confirmed.quota == {"total": 10}
    assert confirmed.by_direction[seated[0].direction.code] == sum(confirmed.by_direction.values()) == 1


def test_the_table_and_map_give_each_direction_its_figures():
    season, seated = published_finalists()
    person = seated[0].application
    session = SessionFactory()
    Attendance.objects.create(
        session=session, application=person, present=True, source="import", marked_at=timezone.now()
    )
    Attendance.objects.create(
        session=session,
        application=seated[1].application,
        present=False,
        source="import",
        marked_at=timezone.now(),
    )
    contribution = collect(scope(season))
    (section,) = contribution.sections
    rows = {row[0]: row for row in section.tables[0].rows}
    culture = rows["Культура и креативные индустрии"]
    # 3 trainees, 2 invited, 1 waiting in each direction of the test season.
    assert culture[1] == 3 and culture[4] == 2 and culture[6] == 1
    assert rows["Все направления"][2].value == pytest.approx(0.5)
    (finalists,) = regions_collect(scope(season)).region_measures
    assert sum(finalists.counts.values()) == Finalist.objects.filter(status="invited").count() == 10


def test_a_curator_sees_their_direction_only():
    season, _seated = published_finalists()
    health = Direction.objects.get(code="health")
    contribution = collect(scope(season, Audience.CURATOR, health))
    rows = contribution.sections[0].tables[0].rows
    assert [row[0] for row in rows] == ["Здравоохранение"]
    assert contribution.funnel[1].quota is None


@pytest.mark.parametrize(
    ("person", "path"),
    [(organizer, "/admin/dashboard/"), (lambda: ministry_curator("culture"), "/dashboard/")],
)
def test_the_dashboard_shows_the_programme_with_as_many_queries_however_many_marks(client, person, path):
    published_finalists()
    client.force_login(person())

    def page() -> tuple[str, int]:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            html = client.get(path).content.decode()
        return html, len(captured)

    html, before = page()
    assert "Программа ДПО и финалисты" in html and "Завершили программу ДПО" in html
    for finalist in Finalist.objects.all()[:6]:
        Attendance.objects.create(
            session=SessionFactory(),
            application=finalist.application,
            present=True,
            source="import",
            marked_at=timezone.now(),
        )
    assert page()[1] == before
