"""A juror's journey in Chromium: sign in and land in the jury's queue, open a project,
score it on every criterion and save; then the public results once published. axe finds
no serious or critical violation on the queue, the scoring page and the results, in
Russian and in English, on a phone as well."""

from urllib.parse import urlparse

import pytest
from django.conf import settings

from teams.final.jury import services
from teams.final.models import JuryScore
from tests.e2e.conftest import serious_violations
from tests.factories import PASSWORD, ministry_leadership
from tests.final import jury_factories as f
from tests.teams.factories import member, team

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_juror_scores_a_project_and_the_results_are_published(live_server, page, browser, axe):
    season = f.final_season()
    criteria = f.criteria(season, 2, 1)
    project = f.project(season, "culture", title="Живые музеи Поволжья")
    seat = f.juror(season, "culture", user=ministry_leadership())
    named = member(team(season, "culture"), first_name="Анна", last_name="Согласная")
    f.publication_consent(named.finalist.application.applicant)

    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", seat.user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/final/jury/"
    assert "Оценено проектов: 0 из 1" in page.locator("#jury-summary").inner_text()
    assert serious_violations(axe.run(page)) == []

    page.get_by_role("link", name="Живые музеи Поволжья").click()
    page.wait_for_load_state()
    assert serious_violations(axe.run(page)) == []
    for n, criterion in enumerate(criteria):
        group = page.get_by_role("group", name=criterion.name)
        group.get_by_role("spinbutton").fill(str(7 + n))
    page.get_by_role("button", name="Сохранить оценки").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == "/final/jury/"
    assert sorted(JuryScore.objects.filter(project=project).values_list("score", flat=True)) == [7, 8]

    services.final_results_publish(season=season, by=None)
    for language, heading in (("ru", "Итоги финала"), ("en", "Final results")):
        phone = browser.new_context(locale=language, viewport={"width": 375, "height": 740}, is_mobile=True)
        # The portal is Russian first: English is what a person chose, kept in a cookie.
        phone.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        results = phone.new_page()
        results.goto(live_server.url + "/final/results/")
        text = results.locator("main").inner_text()
        assert heading in text and "Живые музеи Поволжья" in text and "Анна Согласная" in text
        assert serious_violations(axe.run(results)) == []
        phone.close()
