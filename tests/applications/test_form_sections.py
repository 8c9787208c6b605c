"""The application page's folded sections: the state each header shows, and which open."""

import re

import pytest

from applications.form_sections import section_states
from tests.factories import SeasonFactory, applicant, ready_application

URL = "/application/"


def states(**kwargs) -> dict[str, tuple[str, bool]]:
    arguments = {"role": "blogger", "problems": [], "errors": [], "consent_ticked": True, **kwargs}
    found = section_states(**arguments)
    return {key: (state.state, state.open) for key, state in found.items()}


def test_a_complete_application_is_done_everywhere_and_nothing_is_open():
    assert states() == {
        "role": ("done", False), "person": ("done", False), "blogger": ("done", False),
        "official": ("other_role", False), "directions": ("done", False), "ideas": ("done", False),
        "consent": ("done", False),
    }


def test_the_first_section_to_fill_is_the_one_open():
    found = states(problems=["motivation", "phone"])
    assert found["person"] == ("todo", True)
    assert found["ideas"] == ("todo", False)


def test_every_section_with_an_error_is_open_and_nothing_else():
    found = states(problems=["role"], errors=["direction_2", "parent_consent"])
    assert found["directions"] == ("error", True) and found["consent"] == ("error", True)
    assert found["role"] == ("todo", False), "an error elsewhere comes first"


def test_the_consents_are_to_do_until_the_processing_consent_is_ticked():
    assert states(consent_ticked=False)["consent"] == ("todo", True)


def test_before_a_role_is_chosen_both_role_sections_are_to_do():
    found = states(role="", problems=["role"])
    assert found["blogger"][0] == found["official"][0] == "todo"
    assert found["role"] == ("todo", True)


@pytest.mark.django_db
def test_a_new_application_opens_on_its_first_section_and_says_what_each_needs(client):
    SeasonFactory()
    client.force_login(applicant())
    html = client.get(URL).content.decode()
    assert re.search(r'<details class="form-section" id="details-role" open>', html)
    assert html.count("<details") == 7 and html.count(" open>") == 1
    assert html.count("Нужно заполнить") == 7


@pytest.mark.django_db
def test_a_ready_draft_shows_every_section_filled(client):
    application = ready_application(processing_consent_ticked=True)
    client.force_login(application.applicant)
    html = client.get(URL).content.decode()
    assert html.count(">Заполнено</span>") == 6, "every section but the other role's"
    assert "Не для выбранной роли" in html and " open>" not in html


@pytest.mark.django_db
def test_errors_open_their_sections_and_the_summary_links_into_them(client):
    SeasonFactory()
    client.force_login(applicant())
    data = {"version": "0", "phone": "12", "direction_1": "culture", "direction_2": "culture"}
    for prefix in ("social", "links", "ideas"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    html = client.post(URL, data).content.decode()
    assert '<details class="form-section" id="details-person" open>' in html
    assert '<details class="form-section" id="details-directions" open>' in html
    assert '<details class="form-section" id="details-role">' in html
    assert html.count(">Есть ошибки</span>") == 2
    assert 'href="#id_phone"' in html and 'href="#id_direction_2"' in html
