"""The application page through the test client: access, drafts, every bad input,
submission, the second tab, the window, accessibility basics and query counts."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications import rules, services
from applications.drafts import ApplicationDraft
from applications.models import Application, ApplicationStatus
from tests.factories import (
    SMALL_PDF,
    MediaProjectIdeaFactory,
    PortfolioFileFactory,
    SeasonFactory,
    SocialAccountFactory,
    applicant,
    expert,
    image_bytes,
    organizer,
    ready_application,
)
from topblog.accounts.models import Consent
from topblog.tracks.models import Stage, StageKind

pytestmark = pytest.mark.django_db

URL = "/application/"


def management(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": str(total),
    }


def form_data(**changes) -> dict:
    """A complete blogger's application as the browser posts it."""
    data = {
        "version": "0",
        "role": "blogger",
        "last_name": "Смирнова",
        "first_name": "Анна",
        "patronymic": "",
        "birth_date": "2000-05-01",
        "region": "77",
        "city": "Москва",
        "phone": "+7 912 345-67-89",
        "rkn_number": "",
        "ministry_direction": "",
        "department": "",
        "position": "",
        "direction_1": "science",
        "direction_2": "culture",
        "direction_3": "",
        "motivation": "Хочу рассказывать о науке.",
        **management("social", 1),
        "social-0-platform": "telegram",
        "social-0-url": "t.me/anna_science",
        "social-0-followers": "1200",
        **management("links", 1),
        "links-0-url": "https://t.me/anna_science/15",
        **management("ideas", 1),
        "ideas-0-title": "Наука рядом",
        "ideas-0-description": "Короткие ролики о лабораториях региона.",
        "files-TOTAL": "",
        "processing_consent": "on",
        "action": "save",
    }
    data.pop("files-TOTAL")
    data.update(changes)
    return data


@pytest.fixture
def person(client):
    SeasonFactory()
    user = applicant()
    client.force_login(user)
    return user


def application_of(user) -> Application:
    return Application.objects.get(applicant=user)


# Access


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={URL}"


@pytest.mark.parametrize("make_user", [organizer, expert])
def test_organizers_and_experts_get_a_friendly_403(client, make_user):
    SeasonFactory()
    client.force_login(make_user())
    response = client.get(URL)
    assert response.status_code == 403
    assert "только участник, зарегистрированный как заявитель" in response.content.decode()
    assert client.post(URL, form_data()).status_code == 403
    assert not Application.objects.exists()


def test_between_seasons_the_page_says_so(client):
    client.force_login(applicant())
    response = client.get(URL)
    assert response.status_code == 200
    assert "Сейчас нет открытого сезона" in response.content.decode()


# The empty form


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields, self.labels, self.legends = [], set(), 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag == "legend":
            self.legends += 1
        if tag in ("select", "textarea") or (
            tag == "input" and attrs.get("type") not in ("hidden", "submit", "button")
        ):
            self.fields.append(attrs.get("id"))


def test_every_input_has_a_label_inside_fieldsets_with_legends(client, person):
    response = client.get(URL)
    assert response.status_code == 200
    parser = _Inputs()
    parser.feed(response.content.decode())
    assert parser.fields and None not in parser.fields
    assert [f for f in parser.fields if f not in parser.labels] == []
    assert parser.legends >= 8


def test_rows_up_to_the_maximum_are_on_the_page_without_script(client, person):
    content = client.get(URL).content.decode()
    assert content.count('name="social-') >= rules.MAX_SOCIAL_ACCOUNTS * 3
    assert f'name="social-{rules.MAX_SOCIAL_ACCOUNTS - 1}-url"' in content
    assert f'name="links-{rules.MAX_CONTENT_LINKS - 1}-url"' in content
    assert f'name="ideas-{rules.MAX_IDEAS - 1}-title"' in content
    assert f'name="ideas-{rules.MAX_IDEAS}-title"' not in content
    assert 'name="files-work_file_3"' in content
    assert "Подать заявку" in content and reverse("accounts:consent_document", args=["processing"]) in content


# Drafts


def test_an_incomplete_draft_is_saved_and_shown_again(client, person):
    data = {"version": "0", "last_name": "Смирнова", "action": "save"}
    data |= management("social", 0) | management("links", 0) | management("ideas", 1)
    data |= {"ideas-0-title": "Пока только название"}
    response = client.post(URL, data, follow=True)
    assert "Черновик сохранён" in response.content.decode()
    application = application_of(person)
    assert application.status == ApplicationStatus.DRAFT and application.version == 2
    assert application.ideas.get().title == "Пока только название"
    content = client.get(URL).content.decode()
    assert 'value="Смирнова"' in content and 'value="Пока только название"' in content
    assert 'name="version" value="2"' in content


def test_a_full_draft_is_saved_with_normalised_phone_and_link(client, person):
    assert client.post(URL, form_data()).status_code == 302
    application = application_of(person)
    assert application.phone == "+79123456789"
    assert application.social_accounts.get().url == "https://t.me/anna_science"
    assert [c.direction.code for c in application.direction_choices.all()] == ["science", "culture"]


def test_a_row_can_be_deleted_with_its_checkbox(client, person):
    client.post(URL, form_data())
    version = application_of(person).version
    client.post(URL, form_data(version=str(version), **{"social-0-DELETE": "on"}))
    assert not application_of(person).social_accounts.exists()


def test_a_link_without_a_platform_gets_the_platform_it_belongs_to(client, person):
    client.post(URL, form_data(**{"social-0-platform": "", "social-0-url": "https://vk.com/anna"}))
    assert application_of(person).social_accounts.get().platform == "vk"


# Bad input: each refused with a clear Russian message next to its field


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"phone": "12-34"}, "id_phone", "Телефон указан неверно"),
        (
            {"social-0-platform": "vk", "social-0-url": "https://t.me/anna"},
            "id_social-0-url",
            "Это не ссылка на аккаунт в «ВКонтакте»",
        ),
        (
            {"social-0-followers": "-10"},
            "id_social-0-followers",
            "Число подписчиков не может быть отрицательным",
        ),
        ({"birth_date": "2999-01-01"}, "id_birth_date", "Дата рождения не может быть в будущем"),
        ({"direction_2": "science"}, "id_direction_2", "Это направление уже выбрано выше"),
        ({"links-0-url": "javascript:alert(1)"}, "id_links-0-url", "Введите адрес страницы"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_saved(
    client, person, changes, field_id, message
):
    response = client.post(URL, form_data(**changes))
    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert f'id="{field_id}_error"' in content
    assert f'aria-describedby="{field_id}_error"' in content or f'{field_id}_error"' in content
    assert 'aria-invalid="true"' in content
    assert f'href="#{field_id}"' in content  # the error summary links to the field
    assert 'value="Смирнова"' in content  # what was typed is shown back
    assert not Application.objects.filter(applicant=person).exists()


def test_a_file_of_the_wrong_type_is_refused_by_content_and_the_draft_is_still_saved(client, person):
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 a program", content_type="image/png")
    response = client.post(URL, form_data(**{"files-work_file_1": fake}))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Черновик сохранён, но не все файлы приняты" in content
    assert '<a href="#section-files">Файл «photo.png» не подходит' in content
    assert application_of(person).last_name == "Смирнова"
    assert not application_of(person).files.exists()


def test_one_bad_file_costs_none_of_the_good_ones_chosen_with_it(client, person):
    good = SimpleUploadedFile("Эскиз.pdf", SMALL_PDF, content_type="application/pdf")
    bad = SimpleUploadedFile("вирус.png", b"MZ\x90\x00 a program", content_type="image/png")
    also_good = SimpleUploadedFile("Кадр.png", image_bytes(), content_type="image/png")
    chosen = {"files-work_file_1": good, "files-work_file_2": bad, "files-work_file_3": also_good}
    response = client.post(URL, form_data(**chosen))
    content = response.content.decode()
    stored = application_of(person).files.order_by("original_name")
    assert [f.original_name for f in stored] == ["Кадр.png", "Эскиз.pdf"]
    assert "Файл «вирус.png» не подходит" in content and "выберите их ещё раз" not in content
    for portfolio in stored:
        assert reverse("applications:file", args=[portfolio.pk]) in content, "listed as stored"
    # The page is at the saved version: the next save is not taken for a stale tab.
    version = application_of(person).version
    assert f'name="version" value="{version}"' in content
    assert client.post(URL, form_data(version=str(version))).status_code == 302


def test_good_files_are_kept_even_when_a_field_keeps_the_draft_from_being_saved(client, person):
    good = SimpleUploadedFile("Эскиз.pdf", SMALL_PDF, content_type="application/pdf")
    response = client.post(URL, form_data(phone="123", **{"files-work_file_1": good}))
    content = response.content.decode()
    assert "Проверьте заявку" in content and 'href="#id_phone"' in content
    assert "Эти файлы сохранены в черновике:" in content and "«Эскиз.pdf»" in content
    application = application_of(person)
    assert application.files.get().original_name == "Эскиз.pdf"
    assert application.last_name == "", "the fields with an error are not saved"
    assert 'value="Смирнова"' in content, "what was typed is shown back"
    # That page carries version 0 and the draft started for the files is version 1: not stale.
    assert client.post(URL, form_data()).status_code == 302
    assert application_of(person).last_name == "Смирнова"


def test_a_draft_save_keeps_the_consent_ticks_so_the_next_submit_goes_through(client, person):
    client.post(URL, form_data(publication_consent="on"))
    application = application_of(person)
    assert application.processing_consent_ticked and application.publication_consent_ticked
    page = client.get(URL).content.decode()
    for name in ("processing_consent", "publication_consent"):
        assert re.search(rf'<input type="checkbox" name="{name}"[^>]* checked', page), name
    # Submitting the page as the browser shows it now, ticks included.
    shown = {"processing_consent": "on", "publication_consent": "on"}
    response = client.post(URL, form_data(version=str(application.version), action="submit", **shown))
    assert response.status_code == 302 and response.url == reverse("cabinet:home")
    assert Consent.objects.filter(user=person).count() == 2


def test_unticking_a_consent_in_a_draft_is_saved_too(client, person):
    client.post(URL, form_data(publication_consent="on"))
    version = application_of(person).version
    client.post(URL, form_data(version=str(version)))
    assert not application_of(person).publication_consent_ticked


def test_a_file_over_the_limit_is_refused(client, person, settings):
    settings.APPLICATION_UPLOAD_MAX_BYTES = 100
    big = SimpleUploadedFile("big.pdf", SMALL_PDF + b" " * 200, content_type="application/pdf")
    response = client.post(URL, form_data(**{"files-work_file_1": big}))
    assert "слишком большой" in response.content.decode()


def test_files_are_added_listed_and_removed(client, person):
    work = SimpleUploadedFile("Работа.pdf", SMALL_PDF, content_type="application/pdf")
    assert client.post(URL, form_data(**{"files-work_file_1": work})).status_code == 302
    stored = application_of(person).files.get()
    assert stored.original_name == "Работа.pdf"
    content = client.get(URL).content.decode()
    assert reverse("applications:file", args=[stored.pk]) in content
    assert 'name="files-work_file_2"' in content and 'name="files-work_file_3"' not in content
    version = application_of(person).version
    client.post(URL, form_data(version=str(version), **{"files-remove_files": [str(stored.pk)]}))
    assert not application_of(person).files.exists()


# The second tab


def test_a_stale_save_is_refused_and_the_typed_data_shown_back(client, person):
    client.post(URL, form_data(last_name="Первая"))
    application = application_of(person)
    services.application_draft_save(  # the other tab saves first
        application_id=application.pk,
        expected_version=application.version,
        data=ApplicationDraft(last_name="Другая вкладка"),
        by=person,
    )
    response = client.post(
        URL, form_data(version=str(application.version), last_name="Вторая", city="Казань")
    )
    content = response.content.decode()
    assert response.status_code == 409
    assert "Изменения не сохранены" in content and "в другой вкладке" in content
    assert 'value="Вторая"' in content and 'value="Казань"' in content
    application.refresh_from_db()
    assert application.last_name == "Другая вкладка" and application.city == ""


def test_a_page_opened_before_the_draft_existed_is_stale_once_another_tab_saved(client, person):
    client.post(URL, form_data(last_name="Первая вкладка"))
    response = client.post(URL, form_data(version="0", last_name="Вторая вкладка"))
    assert response.status_code == 409
    assert application_of(person).last_name == "Первая вкладка"


# Submission


def test_submit_redirects_to_the_cabinet_and_records_consent(client, person):
    response = client.post(
        URL,
        form_data(action="submit", publication_consent="on"),
        REMOTE_ADDR="198.51.100.4",
        HTTP_USER_AGENT="Mozilla/5.0 Firefox",
    )
    assert response.status_code == 302
    assert response["Location"] == "/cabinet/"
    application = application_of(person)
    assert application.status == ApplicationStatus.SUBMITTED
    consent = Consent.objects.get(user=person, document__kind="processing")
    assert (consent.ip_address, consent.user_agent) == ("198.51.100.4", "Mozilla/5.0 Firefox")
    assert Consent.objects.filter(user=person, document__kind="publication").exists()


def test_submit_without_the_processing_consent_keeps_the_draft_and_asks_for_it(client, person):
    response = client.post(URL, form_data(action="submit", processing_consent=""))
    content = response.content.decode()
    assert "Черновик сохранён, но подать заявку пока нельзя" in content
    assert "дайте согласие на обработку персональных данных" in content
    application = application_of(person)
    assert application.status == ApplicationStatus.DRAFT and application.last_name == "Смирнова"
    assert f'name="version" value="{application.version}"' in content  # the next save is not stale


def test_submit_with_missing_parts_shows_them_at_their_fields(client, person):
    data = form_data(action="submit", phone="", **management("ideas", 1))
    data["ideas-0-title"] = data["ideas-0-description"] = ""
    content = client.post(URL, data).content.decode()
    assert "Укажите телефон." in content and 'id="id_phone_error"' in content
    assert "Опишите хотя бы одну идею медиапроекта." in content
    assert application_of(person).status == ApplicationStatus.DRAFT


def test_submitting_twice_is_refused(client, person):
    assert client.post(URL, form_data(action="submit"))["Location"] == "/cabinet/"
    response = client.post(URL, form_data(action="submit", version="2"), follow=True)
    content = response.content.decode()
    assert "Заявка уже подана, повторно подать её нельзя." in content
    assert "Изменить её уже нельзя" in content
    assert application_of(person).status_changes.count() == 1


def test_under_the_minimum_age_submission_is_refused_with_a_clear_message(client, person):
    thirteen = (timezone.localdate() - timedelta(days=365 * 13)).isoformat()
    content = client.post(URL, form_data(action="submit", birth_date=thirteen)).content.decode()
    assert "Подать заявку можно с 14 лет." in content
    assert application_of(person).status == ApplicationStatus.DRAFT


def test_under_adult_age_a_parents_consent_file_is_required(client, person):
    sixteen = (timezone.localdate() - timedelta(days=365 * 16 + 10)).isoformat()
    content = client.post(URL, form_data(action="submit", birth_date=sixteen)).content.decode()
    assert "нужно загрузить согласие родителя" in content
    assert 'id="id_files-parent_consent_error"' in content
    version = application_of(person).version
    consent = SimpleUploadedFile("согласие.pdf", SMALL_PDF, content_type="application/pdf")
    data = form_data(
        action="submit", birth_date=sixteen, version=str(version), **{"files-parent_consent": consent}
    )
    assert client.post(URL, data)["Location"] == "/cabinet/"


def test_an_officials_first_direction_must_be_their_ministrys(client, person):
    data = form_data(
        action="submit",
        role="official",
        ministry_direction="health",
        department="Пресс-служба",
        position="Советник",
    )
    content = client.post(URL, data).content.decode()
    assert "направление его министерства" in content and 'id="id_direction_1_error"' in content
    data |= {"direction_1": "health", "version": str(application_of(person).version)}
    assert client.post(URL, data)["Location"] == "/cabinet/"


def test_after_the_window_closes_the_page_says_so_and_submit_is_refused(client, person):
    stage = Stage.objects.get(season__is_current=True, kind=StageKind.APPLICATIONS)
    stage.starts_at = timezone.now() - timedelta(days=40)
    stage.ends_at = timezone.now() - timedelta(hours=1)
    stage.save()
    content = client.get(URL).content.decode()
    assert "Приём заявок завершён" in content and 'value="submit"' not in content
    content = client.post(URL, form_data(action="submit")).content.decode()
    assert "подать заявку уже нельзя" in content
    assert application_of(person).status == ApplicationStatus.DRAFT


# Queries


def test_the_form_page_makes_as_many_queries_for_one_row_as_for_three(client, django_assert_num_queries):
    small = ready_application()
    big = ready_application()
    for n in range(2):
        SocialAccountFactory(application=big)
        MediaProjectIdeaFactory(application=big, position=n + 2)
        PortfolioFileFactory(application=big)
    client.force_login(small.applicant)
    client.get(URL)  # warm caches outside the count
    with CaptureQueriesContext(connection) as small_page:
        client.get(URL)
    small_count = len(small_page.captured_queries)  # read now: the next request clears the log
    client.force_login(big.applicant)
    client.get(URL)
    with django_assert_num_queries(small_count):
        response = client.get(URL)
    assert response.content.decode().count("Удалить при сохранении") >= 3 + 3 + 2
