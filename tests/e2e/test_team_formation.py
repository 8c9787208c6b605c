"""An organizer forms the teams in Chromium: from the teams' list to the formation page,
a dry run with its metrics and table, «Применить», and the teams with their members; the
pages free of serious and critical accessibility violations."""

import pytest

from teams.models import Membership
from tests.e2e.conftest import serious_violations
from tests.e2e.test_dashboard import log_in
from tests.factories import organizer
from tests.modules.factories import season_at
from tests.teams.factories import confirmed_finalist
from topblog.tracks.models import StageKind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_organizer_runs_the_formation_sees_the_metrics_applies_and_sees_the_teams(live_server, page, axe):
    season = season_at(StageKind.TEAM_MODULE, team_size=2)
    for code, last_name in [("culture", "Авдеева"), ("culture", "Белов"), ("health", "Волкова")]:
        confirmed_finalist(season, code, last_name=last_name)
    log_in(page, live_server, organizer(), "/admin/login/?next=/admin/teams/team/")
    page.get_by_role("link", name="Сформировать команды").click()
    page.wait_for_load_state()
    assert serious_violations(axe.run(page)) == []

    page.get_by_role("button", name="Рассчитать команды (пробный прогон)").click()
    page.wait_for_load_state()
    metrics = page.locator("#formation-metrics")
    assert "100 %" in metrics.get_by_role("row", name="В направлении первого выбора").inner_text()
    assert page.locator("#formation-people tbody tr").count() == 3
    assert "Волкова" in page.locator("#formation-people").inner_text()
    assert not Membership.objects.exists()
    assert serious_violations(axe.run(page)) == []

    page.get_by_role("button", name="Применить").click()
    page.wait_for_load_state()
    assert "Команды сформированы" in page.locator(".messagelist").inner_text()
    rows = page.locator("#result_list tbody tr")
    assert "2 / 2" in rows.filter(has_text="Культура").inner_text()
    assert Membership.objects.count() == 3
    assert serious_violations(axe.run(page)) == []

    rows.filter(has_text="Здравоохранение").get_by_role("link").first.click()
    page.wait_for_load_state()
    # No axe here: axe-core sets inline styles as it measures the admin's change forms,
    # which the Content-Security-Policy refuses and the page fixture would count.
    assert "Волкова" in page.locator("#content").inner_text()
