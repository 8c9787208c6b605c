"""The personal cabinet: status on the season's timeline, what comes next, the
application and its history, withdrawal; who may see what."""

import dataclasses
import re
import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import dateformat, timezone

from applications import cabinet, selectors, services
from applications.drafts import draft_from_application
from applications.models import ApplicationStatus, PortfolioFile, StatusChange
from applications.rules import IdeaRow
from tests.factories import (
    SMALL_PDF,
    ApplicationFactory,
    ContentLinkFactory,
    MediaProjectIdeaFactory,
    PortfolioFileFactory,
    SeasonFactory,
    SocialAccountFactory,
    StatusChangeFactory,
    applicant,
    choose_directions,
    expert,
    organizer,
    ready_application,
)
from topblog.tracks.models import Direction, Stage, StageKind
from topblog.tracks.services import season_make_current

pytestmark = pytest.mark.django_db


S = ApplicationStatus
HOME = "cabinet:home"


def page(client, user, name=HOME):
    client.force_login(user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def stage(kind) -> Stage:
    return Stage.objects.get(season__is_current=True, kind=kind)


def submitted(**kwargs):
    return ApplicationFactory(status=kwargs.pop("status", S.SUBMITTED), submitted_at=timezone.now(), **kwargs)


# Who sees what


def test_anonymous_is_sent_to_log_in_from_every_page(client):
    for name in (HOME, "cabinet:withdraw", "cabinet:export"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    response = client.post(reverse("cabinet:withdraw"), {"reason": "x"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_a_person_without_an_application_gets_a_start_page_with_the_form_button(client):
    SeasonFactory()
    html = page(client, applicant())
    assert "Вы ещё не начали заявку" in html
    assert f'href="{reverse("applications:form")}"' in html
    assert "Заполнить заявку" in html


def test_start_page_says_when_the_window_is_closed(client):
    SeasonFactory()
    window = stage(StageKind.APPLICATIONS)
    window.ends_at = timezone.now() - timedelta(days=1)
    window.save()
    html = page(client, applicant())
    assert "Приём заявок завершён" in html
    assert reverse("applications:form") not in html


def test_start_page_without_a_season(client):
    html = page(client, applicant())
    assert "Сейчас набор не идёт" in html


def test_another_applicant_never_sees_someone_elses_application(client):
    theirs = submitted(last_name="Сидоров", city="Тверь")
    StatusChangeFactory(application=theirs, reason="личная причина")
    html = page(client, applicant())
    for foreign in ("Сидоров", "Тверь", theirs.phone, "личная причина"):
        assert foreign not in html
    assert "Вы ещё не начали заявку" in html


@pytest.mark.parametrize("make_user", [expert, organizer])
def test_staff_are_told_the_cabinet_is_for_applicants_and_see_no_one_elses_data(client, make_user):
    theirs = submitted(last_name="Сидоров")
    html = page(client, make_user())
    assert "Личный кабинет — для заявителей" in html
    assert "Сидоров" not in html and theirs.phone not in html
    assert reverse("cabinet:export") in html
    assert reverse("cabinet:withdraw") not in html


@pytest.mark.parametrize("make_user", [expert, organizer])
def test_staff_cannot_withdraw_anyones_application(client, make_user):
    theirs = submitted()
    client.force_login(make_user())
    response = client.post(reverse("cabinet:withdraw"), {"reason": "x"}, follow=True)
    assert "нет заявки" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.status == S.SUBMITTED


def test_another_applicant_cannot_withdraw_someone_elses_application(client):
    theirs = submitted()
    mine = submitted()
    client.force_login(mine.applicant)
    client.post(reverse("cabinet:withdraw"), {"reason": "x"})
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert (theirs.status, mine.status) == (S.SUBMITTED, S.WITHDRAWN)


# The status, the timeline and what comes next


def test_timeline_lists_every_stage_with_dates_and_marks_the_current_one(client):
    application = ApplicationFactory()
    html = page(client, application.applicant)
    items = re.findall(r"<li class=\"step-(\w+)[^\"]*\"([^>]*)>\s*<strong>([^<]+)</strong>", html)
    assert [name for _state, _attrs, name in items] == [str(k.label) for k in StageKind]
    current = [name for _state, attrs, name in items if 'aria-current="step"' in attrs]
    assert current == ["Приём заявок"]
    assert [state for state, _a, _n in items] == ["current"] + ["future"] * 6
    assert "идёт сейчас" in html


@pytest.mark.parametrize(
    ("status", "label", "expected"),
    [
        (S.DRAFT, "Черновик", "Заполните и подайте заявку до {applications_end}"),
        (S.SUBMITTED, "Подана", "Экспертиза портфолио — с {review_start}"),
        (S.UNDER_REVIEW, "На экспертизе", "Результаты отбора объявят {results_start}"),
        (S.SELECTED, "Отобран", "Программа ДПО начнётся {education_start}"),
        (S.NOT_SELECTED, "Не отобран", "не прошла отбор"),
        (S.WITHDRAWN, "Отозвана", "Заявка отозвана и в отборе не участвует"),
    ],
)
def test_cabinet_shows_the_status_and_what_happens_next_and_when(client, status, label, expected):
    application = ApplicationFactory(
        status=status, submitted_at=None if status == S.DRAFT else timezone.now()
    )
    dates = {
        "applications_end": stage(StageKind.APPLICATIONS).ends_at,
        "review_start": stage(StageKind.PORTFOLIO_REVIEW).starts_at,
        "results_start": stage(StageKind.SELECTION_RESULTS).starts_at,
        "education_start": stage(StageKind.EDUCATION).starts_at,
    }
    formatted = {key: dateformat.format(timezone.localtime(value), "j E Y") for key, value in dates.items()}
    html = page(client, application.applicant)
    assert re.search(rf'id="application-status">{label}<', html)
    assert expected.format(**formatted) in html
    assert (f'href="{reverse("applications:form")}"' in html) == (status == S.DRAFT)
    can_withdraw = status in (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.SELECTED)
    assert (f'href="{reverse("cabinet:withdraw")}"' in html) == can_withdraw


def test_a_draft_after_the_window_closed_says_it_can_no_longer_be_submitted(client):
    application = ApplicationFactory()
    window = stage(StageKind.APPLICATIONS)
    window.ends_at = timezone.now() - timedelta(hours=1)
    window.save()
    html = page(client, application.applicant)
    assert "Черновик больше нельзя подать" in html


def test_next_step_between_stages_points_to_the_next_one():
    now = timezone.now()

    def st(kind, start, end):
        return Stage(kind=kind, starts_at=now + timedelta(days=start), ends_at=now + timedelta(days=end))

    stages = [st(StageKind.APPLICATIONS, -20, -5), st(StageKind.PORTFOLIO_REVIEW, 2, 10)]
    steps = cabinet.timeline(stages, now=now)
    assert [(s.state, s.is_next) for s in steps] == [("past", False), ("future", True)]
    assert cabinet.current_stage(steps) is None
    assert cabinet.next_step(S.SUBMITTED, stages, now=now) == cabinet.NextStep(
        "review_from", stages[1].starts_at
    )
    assert cabinet.next_step(S.DRAFT, stages, now=now).code == "window_closed"


@pytest.mark.parametrize(("start", "end", "expected"), [(3, 30, "education_from"), (-3, 30, "education_now"),
                                                          (-30, -3, "selected")])
def test_a_selected_person_is_told_where_the_programme_stands(start, end, expected):
    now = timezone.now()
    education = Stage(kind=StageKind.EDUCATION, starts_at=now + timedelta(days=start),
                      ends_at=now + timedelta(days=end))
    assert cabinet.next_step(S.SELECTED, [education], now=now).code == expected


# The application as submitted and its history


def test_cabinet_shows_every_section_of_the_application_with_file_links(client):
    application = submitted(motivation="Хочу рассказать о селе", rkn_number="4242")
    SocialAccountFactory(application=application, url="https://t.me/anna_blog", followers=5400)
    ContentLinkFactory(application=application, url="https://t.me/anna_blog/17")
    MediaProjectIdeaFactory(application=application, title="Сельские врачи")
    file = PortfolioFileFactory(application=application, original_name="портфолио.pdf")
    choose_directions(application, "health", "agro")

    html = page(client, application.applicant)

    for text in (
        "Иванова Мария",
        "Москва",
        application.applicant.email,
        "https://t.me/anna_blog",
        "https://t.me/anna_blog/17",
        "4242",
        "Сельские врачи",
        "Хочу рассказать о селе",
        "Минздрав",
        "портфолио.pdf",
    ):
        assert text in html, text
    assert f'href="{reverse("applications:file", args=[file.pk])}"' in html
    assert html.index("Минздрав") < html.index("Минсельхоз")


def test_phone_and_audience_are_written_as_people_read_them(client):
    application = submitted(phone="+79123456789")
    SocialAccountFactory(application=application, followers=1254300)
    html = page(client, application.applicant)
    assert "<dd>+7 912 345-67-89</dd>" in html
    assert "подписчиков: 1\xa0254\xa0300" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "followers: 1,254,300" in client.get(reverse(HOME)).content.decode()


def test_after_submission_the_main_button_is_not_withdrawal(client):
    application = submitted()
    html = page(client, application.applicant)
    actions = re.search(r'<div class="actions" id="cabinet-actions">(.*?)</div>', html, re.S).group(1)
    assert reverse("cabinet:withdraw") not in actions
    assert 'href="#application-title">Посмотреть заявку</a>' in actions
    # Withdrawal is still there, below the application and its history, as a plain link.
    withdraw = html.index(f'<a href="{reverse("cabinet:withdraw")}">Отозвать заявку</a>')
    assert withdraw > html.index('id="history-title"')


def test_the_export_gives_times_as_the_pages_show_them_in_moscow_time(client):
    application = submitted()
    client.force_login(application.applicant)
    data = client.get(reverse("cabinet:export")).json()
    assert data["time_zone"] == "Europe/Moscow"
    exported = data["applications"][0]["submitted_at"]
    assert exported.endswith("+03:00")
    assert exported.startswith(timezone.localtime(application.submitted_at).strftime("%Y-%m-%dT%H:%M"))
    assert "московское" in page(client, application.applicant)


def test_history_says_who_when_from_to_and_why(client):
    application = submitted(status=S.UNDER_REVIEW)
    StatusChangeFactory(application=application, changed_by=application.applicant)
    StatusChangeFactory(
        application=application,
        from_status=S.SUBMITTED,
        to_status=S.UNDER_REVIEW,
        changed_by=organizer(email="boss@topblog.ru"),
        reason="Передана экспертам",
    )
    html = page(client, application.applicant)
    rows = re.findall(r"<tr role=\"row\">\s*<td(.*?)</tr>", html, flags=re.S)
    assert len(rows) == 2
    assert "вы" in rows[0] and "Черновик" in rows[0] and "Подана" in rows[0]
    assert "организатор" in rows[1] and "На экспертизе" in rows[1] and "Передана экспертам" in rows[1]
    assert "boss@topblog.ru" not in html
    assert "<time datetime=" in rows[0]


# Session, user, the application's row with the count and newest id of its files and
# status changes and the version of the season's stages, the unread notifications in the
# header. On the first visit after a change also the season's stages and the
# application with its region and ministry, its directions, social accounts, links,
# ideas, files and status changes; later visits are served as rendered then.
REVISIT_QUERIES = 4
FIRST_VISIT_QUERIES = REVISIT_QUERIES + 8


def test_cabinet_makes_the_same_number_of_queries_for_one_and_five_of_everything(
    client, django_assert_num_queries, settings
):
    # Sessions in the database, as without Redis: one query, whichever cache is configured.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"

    def build(n):
        application = submitted()
        choose_directions(application, *["culture", "health", "agro"][: min(n, 3)])
        for i in range(n):
            SocialAccountFactory(application=application)
            ContentLinkFactory(application=application, position=i + 1)
            MediaProjectIdeaFactory(application=application, position=i + 1)
            PortfolioFileFactory(application=application)
            StatusChangeFactory(application=application, changed_by=application.applicant if i else None)
        return application.applicant

    for person, rows in ((build(1), 1), (build(5), 5)):
        for cache in caches.all():
            cache.clear()
        client.force_login(person)
        with django_assert_num_queries(FIRST_VISIT_QUERIES):
            first = client.get(reverse(HOME)).content.decode()
        with django_assert_num_queries(REVISIT_QUERIES):
            again = client.get(reverse(HOME))
        assert again.templates == [], "a revisit with nothing changed is not rendered again"
        again = again.content.decode()
        assert first.count('<tr role="row">') == again.count('<tr role="row">') == rows + 1
        assert _without_csrf(again) == _without_csrf(first)


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


# The cabinet is rendered once and cached until what it shows changes: every write
# shows on the very next visit.


def cached_page(client, application) -> str:
    """The cabinet as its owner sees it, served as kept from a first visit."""
    page(client, application.applicant)
    response = client.get(reverse(HOME))
    assert response.status_code == 200 and response.templates == []
    return response.content.decode()


def draft_data(application, **changes):
    application = selectors.application_of(user=application.applicant, season=application.season)
    return dataclasses.replace(draft_from_application(application), **changes)


def test_a_saved_draft_shows_at_once(client):
    application = ready_application(city="Тверь")
    assert "Тверь" in cached_page(client, application)
    application.refresh_from_db()
    data = draft_data(
        application, city="Кострома", ideas=[IdeaRow("Лесные тропы", "Маршруты выходного дня.")]
    )

    services.application_draft_save(
        application_id=application.pk,
        expected_version=application.version,
        data=data,
        by=application.applicant,
    )

    html = page(client, application.applicant)
    assert "Кострома" in html and "Тверь" not in html
    assert "Лесные тропы" in html and "Наука рядом" not in html


def test_an_added_and_a_removed_file_show_at_once(client):
    application = ready_application()
    assert "Файлы не загружены." in cached_page(client, application)

    added = services.portfolio_file_add(
        application_id=application.pk,
        upload=SimpleUploadedFile("репортаж.pdf", SMALL_PDF, content_type="application/pdf"),
        kind=PortfolioFile.Kind.WORK,
        by=application.applicant,
    )
    html = page(client, application.applicant)
    assert "репортаж.pdf" in html and "Файлы не загружены." not in html

    services.portfolio_file_remove(
        application_id=application.pk, file_id=added.pk, by=application.applicant
    )
    html = page(client, application.applicant)
    assert "репортаж.pdf" not in html and "Файлы не загружены." in html


def test_a_submission_shows_at_once(client):
    application = ready_application()
    assert re.search(r'id="application-status">Черновик<', cached_page(client, application))
    application.refresh_from_db()

    services.application_submit(
        application_id=application.pk,
        expected_version=application.version,
        by=application.applicant,
        ip_address="203.0.113.7",
        user_agent="Test",
        processing_consent=True,
        publication_consent=False,
    )

    html = page(client, application.applicant)
    assert re.search(r'id="application-status">Подана<', html)
    assert "Черновик заявки" not in html and "Подана " in html


def test_a_status_change_by_an_organizer_shows_at_once_with_its_history(client):
    application = submitted()
    assert "Статус заявки ещё не менялся." in cached_page(client, application)

    services.application_status_change(
        application_id=application.pk, to_status=S.UNDER_REVIEW, changed_by=organizer(), reason="Экспертам"
    )

    html = page(client, application.applicant)
    assert re.search(r'id="application-status">На экспертизе<', html)
    assert "Экспертам" in html and "организатор" in html


def test_a_withdrawal_in_the_cabinet_shows_at_once(client):
    application = submitted()
    cached_page(client, application)
    response = client.post(reverse("cabinet:withdraw"), {"reason": "Передумала"}, follow=True)
    html = response.content.decode()
    assert re.search(r'id="application-status">Отозвана<', html) and "Передумала" in html


def test_history_written_by_any_path_shows_at_once(client):
    application = submitted(status=S.UNDER_REVIEW)
    cached_page(client, application)
    StatusChangeFactory(application=application, to_status=S.UNDER_REVIEW, reason="Запись из миграции")
    assert "Запись из миграции" in page(client, application.applicant)


def test_a_duplicate_flag_is_not_shown_and_leaves_the_page_as_it_was(client):
    application = submitted(phone="+79160000001")
    submitted(phone="+79160000001")
    before = cached_page(client, application)

    services.application_duplicates_flag(application_id=application.pk)

    application.refresh_from_db()
    assert application.is_possible_duplicate
    after = page(client, application.applicant)
    assert _without_csrf(after) == _without_csrf(before)
    assert "дубл" not in after


def test_new_stage_dates_show_at_once(client):
    application = submitted()
    cached_page(client, application)
    review = stage(StageKind.PORTFOLIO_REVIEW)
    review.starts_at += timedelta(days=3)
    review.ends_at += timedelta(days=3)
    review.save()

    html = page(client, application.applicant)
    moved = dateformat.format(timezone.localtime(review.starts_at), "j E Y")
    assert f"Экспертиза портфолио — с {moved}" in html


@pytest.mark.parametrize("field", ["venue", "starts_at", "ends_at"])
def test_a_stage_changed_by_a_bulk_update_shows_once_the_kept_stages_expire(client, monkeypatch, field):
    application = submitted()
    final = stage(StageKind.FINAL)
    cached_page(client, application)
    changed = {
        "venue": "Сенеж, корпус Б",
        "starts_at": final.starts_at - timedelta(days=40),
        "ends_at": final.ends_at + timedelta(days=40),
    }[field]
    Stage.objects.filter(pk=final.pk).update(**{field: changed})

    later = time.time() + selectors.CABINET_STAGES_SECONDS + 1
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: later)
    shown = changed if field == "venue" else dateformat.format(timezone.localtime(changed), "j E")
    html = page(client, application.applicant)
    assert shown in html


def test_a_deleted_stage_is_gone_at_once(client):
    application = submitted()
    assert "Командный модуль" in cached_page(client, application)
    stage(StageKind.TEAM_MODULE).delete()
    assert "Командный модуль" not in page(client, application.applicant)


def test_a_new_current_season_shows_at_once(client):
    application = submitted()
    assert re.search(r'id="application-status">Подана<', cached_page(client, application))

    season_make_current(season=SeasonFactory(is_current=False))

    html = page(client, application.applicant)
    assert 'id="application-status"' not in html
    assert reverse("applications:form") in html


def test_a_new_email_and_the_other_language_show_at_once(client):
    application = submitted(
        role="official", ministry_direction=Direction.objects.get(code="health"), position="Советник"
    )
    html = cached_page(client, application)
    assert application.ministry_direction.ministry in html

    application.applicant.email = "new-address@example.com"
    application.applicant.save()
    assert "new-address@example.com" in page(client, application.applicant)

    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    html = page(client, application.applicant)
    assert application.ministry_direction.ministry_en in html
    assert application.ministry_direction.ministry not in html


# Withdrawal


def test_withdraw_asks_for_confirmation_with_a_reason_field(client):
    application = submitted()
    html = page(client, application.applicant, "cabinet:withdraw")
    assert '<form method="post"' in html
    assert 'name="reason"' in html
    assert '<label for="id_reason">' in html
    assert "Да, отозвать заявку" in html
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_withdraw_changes_the_status_and_records_who_and_why(client):
    application = submitted()
    client.force_login(application.applicant)

    response = client.post(reverse("cabinet:withdraw"), {"reason": "Не успеваю по учёбе"}, follow=True)

    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    change = StatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status) == (S.SUBMITTED, S.WITHDRAWN)
    assert change.changed_by == application.applicant
    assert change.reason == "Не успеваю по учёбе"
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse(HOME)
    assert "Заявка отозвана." in html
    assert "Не успеваю по учёбе" in html and "Отозвана" in html


def test_a_draft_can_be_withdrawn_too(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)
    client.post(reverse("cabinet:withdraw"), {"reason": ""})
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN


@pytest.mark.parametrize("status", [S.NOT_SELECTED, S.WITHDRAWN])
def test_withdraw_is_refused_with_a_clear_message_when_not_allowed(client, status):
    application = submitted(status=status)
    html = page(client, application.applicant, "cabinet:withdraw")
    assert "отозвать нельзя" in html
    assert 'name="reason"' not in html

    response = client.post(reverse("cabinet:withdraw"), {"reason": "ещё раз"}, follow=True)
    assert "нельзя" in response.content.decode()
    application.refresh_from_db()
    assert application.status == status
    assert not StatusChange.objects.filter(application=application, reason="ещё раз").exists()


def test_withdraw_reason_is_limited_in_length(client):
    application = submitted()
    client.force_login(application.applicant)
    response = client.post(reverse("cabinet:withdraw"), {"reason": "а" * 1001})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
