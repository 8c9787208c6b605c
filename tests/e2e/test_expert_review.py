"""An expert's journey in Chromium: sign in, open the queue, take the next application,
score it on every criterion, submit; axe finds no serious or critical violation on the
queue and the scoring page, on a desktop and on a phone."""

from urllib.parse import urlparse

import pytest

from applications.models import ApplicationStatus
from applications.review.models import Review, ReviewState
from tests.applications.review.factories import (
    assigned,
    criteria,
    current_season,
    judge,
    review_settings,
    submitted_application,
)
from tests.e2e.conftest import serious_violations
from tests.factories import PASSWORD, MediaProjectIdeaFactory, PortfolioFileFactory, SocialAccountFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def setup_queue():
    season = current_season()
    review_settings(season, blind_review=True)
    season_criteria = criteria(season)
    person = judge("culture")
    application = submitted_application(
        "culture",
        "tourism",
        status=ApplicationStatus.UNDER_REVIEW,
        motivation="Хочу рассказывать о малых музеях.",
    )
    SocialAccountFactory(application=application, followers=23_400)
    MediaProjectIdeaFactory(application=application, title="Живые музеи Поволжья")
    PortfolioFileFactory(application=application)
    assigned(application, person, blind=True)
    return person, application, season_criteria


def log_in(page, live_server, person) -> None:
    page.goto(live_server.url + "/accounts/login/?next=/review/")
    page.fill("#id_username", person.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_an_expert_scores_and_submits_from_the_queue(live_server, page, axe):
    person, application, season_criteria = setup_queue()
    log_in(page, live_server, person)
    assert urlparse(page.url).path == "/review/"
    assert "Осталось оценить 1 заявку" in page.locator("#queue-summary").inner_text()
    assert serious_violations(axe.run(page)) == []

    page.get_by_role("link", name="Следующая заявка").click()
    page.wait_for_load_state()
    assert urlparse(page.url).path == f"/review/applications/{application.pk}/"
    assert "Живые музеи Поволжья" in page.locator("main").inner_text()
    assert serious_violations(axe.run(page)) == []

    for n, criterion in enumerate(season_criteria):
        page.get_by_role("group", name=criterion.name).get_by_label(str(6 + n % 3), exact=True).check()
    page.fill("#id_comment", "Сильная подача, идеи стоит конкретизировать.")
    page.get_by_role("button", name="Отправить оценку").click()
    page.wait_for_load_state()

    assert urlparse(page.url).path == "/review/"
    assert "Все назначенные заявки оценены" in page.locator("main").inner_text()
    review = Review.objects.get(assignment__application=application)
    assert review.state == ReviewState.SUBMITTED
    assert review.comment == "Сильная подача, идеи стоит конкретизировать."


def test_the_scoring_page_fits_a_phone_and_is_accessible(live_server, browser, axe):
    person, application, _criteria = setup_queue()
    context = browser.new_context(locale="ru-RU", viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    log_in(page, live_server, person)
    for path in ("/review/", f"/review/applications/{application.pk}/"):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
        assert serious_violations(axe.run(page)) == [], path
    context.close()
