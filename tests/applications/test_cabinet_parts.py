"""Parts a later stage adds to the cabinet through the registry: shown only to the
people and statuses they concern, in their slot, with their history merged, and kept
under a key that moves with their fingerprint."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from applications.cabinet_parts import (
    CabinetPart,
    HistoryEntry,
    cabinet_parts_for,
    register_cabinet_part,
    unregister_cabinet_part,
)
from applications.models import ApplicationStatus
from tests.factories import ApplicationFactory, applicant

pytestmark = pytest.mark.django_db

S = ApplicationStatus


class FakeStage:
    """A later stage's part whose content and fingerprint a test sets per person."""

    def __init__(self):
        self.facts: dict[int, str] = {}
        self.fingerprint_calls = 0
        self.render_calls = 0

    def fingerprint(self, *, user, state):
        self.fingerprint_calls += 1
        return self.facts.get(user.pk)

    def render(self, *, user, state):
        self.render_calls += 1
        return format_html('<section id="fake-part">{}</section>', self.facts[user.pk])

    def history(self, *, user, state):
        return [HistoryEntry(at=timezone.now() + timedelta(days=1), by="system", before="—",
                             after=f"шаг: {self.facts[user.pk]}")]


@pytest.fixture
def fake_stage():
    stage = FakeStage()
    register_cabinet_part(CabinetPart(
        name="fake", slot="lead", statuses=frozenset({S.SELECTED}),
        fingerprint=stage.fingerprint, render=stage.render, history=stage.history,
    ))
    yield stage
    unregister_cabinet_part("fake")


def cabinet(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("cabinet:home"))
    assert response.status_code == 200
    return response.content.decode()


def selected_applicant():
    return ApplicationFactory(status=S.SELECTED, submitted_at=timezone.now()).applicant


def test_a_part_shows_its_content_and_history_to_the_person_it_concerns(client, fake_stage):
    person = selected_applicant()
    fake_stage.facts[person.pk] = "приглашение в командный модуль"
    html = cabinet(client, person)
    assert '<section id="fake-part">приглашение в командный модуль</section>' in html
    # The lead slot stands between the status and the season's timeline.
    assert html.index('id="fake-part"') < html.index('id="timeline-title"')
    assert "шаг: приглашение в командный модуль" in html


def test_a_part_with_nothing_for_the_person_is_not_shown(client, fake_stage):
    html = cabinet(client, selected_applicant())
    assert 'id="fake-part"' not in html
    assert fake_stage.render_calls == 0


def test_a_part_is_not_asked_about_statuses_it_does_not_concern(client, fake_stage):
    person = ApplicationFactory(status=S.SUBMITTED, submitted_at=timezone.now()).applicant
    fake_stage.facts[person.pk] = "не для поданных заявок"
    html = cabinet(client, person)
    assert "не для поданных заявок" not in html
    assert fake_stage.fingerprint_calls == 0


def test_a_changed_fingerprint_shows_at_once_and_an_unchanged_one_is_served_as_kept(client, fake_stage):
    person = selected_applicant()
    fake_stage.facts[person.pk] = "первое"
    assert "первое" in cabinet(client, person)
    cabinet(client, person)
    assert fake_stage.render_calls == 1
    fake_stage.facts[person.pk] = "второе"
    assert "второе" in cabinet(client, person)
    assert fake_stage.render_calls == 2


def test_another_persons_part_never_shows(client, fake_stage):
    person, other = selected_applicant(), selected_applicant()
    fake_stage.facts[other.pk] = "чужое"
    assert "чужое" not in cabinet(client, person)


def test_parts_come_in_their_order_and_a_name_registers_once():
    def nothing(**kwargs):
        return None

    first = CabinetPart(name="b-first", slot="main", statuses=frozenset({S.SELECTED}), order=1,
                        fingerprint=nothing, render=nothing)
    second = CabinetPart(name="a-second", slot="main", statuses=frozenset({S.SELECTED}), order=2,
                         fingerprint=nothing, render=nothing)
    register_cabinet_part(second)
    register_cabinet_part(first)
    try:
        names = [p.name for p in cabinet_parts_for(S.SELECTED)]
        assert names.index("b-first") < names.index("a-second")
        with pytest.raises(ValueError, match="already registered"):
            register_cabinet_part(first)
    finally:
        unregister_cabinet_part("b-first")
        unregister_cabinet_part("a-second")


def test_a_part_names_a_slot_the_cabinet_has():
    with pytest.raises(ValueError, match="slot"):
        CabinetPart(name="x", slot="sidebar", statuses=frozenset(), fingerprint=print, render=print)


def test_the_applicant_registry_is_used_by_no_one_who_is_not_an_applicant(client, fake_stage):
    # A person without an application gets the start page; no part is asked.
    cabinet(client, applicant())
    assert fake_stage.fingerprint_calls == 0
