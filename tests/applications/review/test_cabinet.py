"""The applicant's cabinet after the selection: the result with its date and, where the
season allows, the experts' comments, never their names or scores."""

import pytest
from django.urls import reverse

from applications.models import ApplicationStatus
from applications.review import services
from applications.review.models import Selection
from tests.applications.review.factories import (
    assigned,
    criteria,
    current_season,
    judge,
    review_settings,
    submit,
    submitted_application,
)
from tests.factories import organizer

pytestmark = pytest.mark.django_db

S = ApplicationStatus
COMMENT = "Сильная подача, продумайте монетизацию."


def published(*, comments: bool):
    season = current_season()
    review_settings(season, comments_to_applicants=comments)
    season_criteria = criteria(season)
    first = judge("culture", first_name="Эксперт", last_name="Секретов")
    second = judge("culture")
    application = submitted_application("culture", status=S.UNDER_REVIEW)
    for person, value in ((first, 9), (second, 8)):
        assigned(application, person)
        submit(application, person, season_criteria, value, comment=COMMENT if person == first else "")
    services.selection_propose(season_id=season.pk, by=None)
    services.selection_publish(season_id=season.pk, by=organizer())
    return application


def cabinet(client, application) -> str:
    client.force_login(application.applicant)
    response = client.get(reverse("cabinet:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_published_result_with_comments_where_the_season_allows_them(client):
    application = published(comments=True)
    html = cabinet(client, application)
    assert 'id="selection-result"' in html and "Итоги отбора опубликованы" in html
    assert COMMENT in html
    assert "Секретов" not in html
    section = html[
        html.index('id="selection-result"') : html.index("</section>", html.index('id="selection-result"'))
    ]
    # The comment, the date and the result: no scores, totals or names.
    assert not any(word in section.lower() for word in ("балл", "итог:", "оценка", "эксперт:"))


def test_no_comments_unless_the_season_allows_them(client):
    html = cabinet(client, published(comments=False))
    assert 'id="selection-result"' in html and COMMENT not in html


def test_a_comment_edited_after_the_page_was_kept_shows_at_once(client):
    application = published(comments=True)
    cabinet(client, application)
    review = application.review_assignments.get(expert__last_name="Секретов").review
    review.comment = "Новая формулировка комментария"
    review.save()
    assert "Новая формулировка комментария" in cabinet(client, application)


def test_nothing_before_publication(client):
    application = submitted_application("culture", status=S.SELECTED)
    assert not Selection.objects.exists()
    assert 'id="selection-result"' not in cabinet(client, application)
