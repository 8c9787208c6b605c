"""The organizers' applications admin: list, filters, search, the read-only detail page,
the actions that call the services, and who may see any of it."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import (
    ApplicantRole,
    Application,
    ApplicationStatus,
    StatusChange,
)
from tests.factories import (
    ApplicationFactory,
    ContentLinkFactory,
    PortfolioFileFactory,
    SeasonFactory,
    SocialAccountFactory,
    UserFactory,
    applicant,
    choose_directions,
    expert,
    organizer,
)
from topblog.accounts.models import Consent, ConsentDocument
from topblog.tracks.models import Direction, Region, Season

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:applications_application_changelist"
EXPORTS = ["admin:applications_application_export_csv", "admin:applications_application_export_xlsx"]


def submitted(**kwargs) -> Application:
    if kwargs.get("role") == ApplicantRole.OFFICIAL:
        # A submitted official names their ministry (a database constraint).
        kwargs.setdefault("ministry_direction", Direction.objects.get(code="culture"))
    return ApplicationFactory(status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now(), **kwargs)


def listed(response) -> list[int]:
    return sorted(a.pk for a in response.context["cl"].result_list)


@pytest.fixture
def staff_client(client):
    client.force_login(organizer())
    return client


# --- access


@pytest.mark.parametrize("person", [applicant, expert, None], ids=["applicant", "expert", "anonymous"])
@pytest.mark.parametrize("page", [CHANGELIST, "change", *EXPORTS])
def test_everyone_but_organizers_is_sent_to_the_admin_login(client, person, page):
    application = submitted()
    if person is not None:
        client.force_login(person())
    url = (
        reverse("admin:applications_application_change", args=[application.pk])
        if page == "change"
        else reverse(page)
    )

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_the_export_of_an_expert_is_refused_even_with_filters(client):
    submitted()
    client.force_login(expert())

    response = client.get(reverse(EXPORTS[0]), {"status__exact": "submitted"})

    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    assert not response.has_header("Content-Disposition")


@pytest.mark.parametrize("page", EXPORTS)
def test_staff_without_the_organizer_role_cannot_export(client, page):
    submitted()
    client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse(page)).status_code == 403


def test_organizer_opens_the_list_and_the_page(staff_client):
    application = submitted()

    assert staff_client.get(reverse(CHANGELIST)).status_code == 200
    page = staff_client.get(reverse("admin:applications_application_change", args=[application.pk]))
    assert page.status_code == 200


# --- the list


def test_list_shows_the_columns_with_the_first_direction(staff_client):
    application = submitted(
        last_name="Петрова", first_name="Анна", total_followers=15300, is_possible_duplicate=True
    )
    choose_directions(application, "tourism", "culture")

    response = staff_client.get(reverse(CHANGELIST))

    html = response.content.decode()
    assert "Петрова Анна" in html
    assert '<td class="field-first_direction">Туризм</td>' in html
    assert "Блогер" in html and "Подана" in html and "Москва" in html
    assert "15300" in html or "15 300" in html or "15\xa0300" in html


def test_an_application_without_directions_shows_a_dash(staff_client):
    ApplicationFactory()

    response = staff_client.get(reverse(CHANGELIST))

    assert response.context["cl"].result_list[0].first_direction_name is None
    assert "—" in response.content.decode()


def list_at_size(count: int, *, start: int = 0) -> None:
    season = Season.objects.filter(is_current=True).first() or SeasonFactory()
    for n in range(start, start + count):
        role = ApplicantRole.BLOGGER if n % 3 else ApplicantRole.OFFICIAL
        application = submitted(season=season, role=role, is_possible_duplicate=n % 5 == 0)
        choose_directions(application, "culture", "science")
        SocialAccountFactory(application=application)
        SocialAccountFactory(application=application, platform="vk", url=f"https://vk.com/club{n}")


# User, permissions (the user's and the groups'), the filters' choices (regions,
# directions for two filters, seasons), the filtered and the full count, the counts per
# status (one grouped query), the page itself, the date hierarchy (range, then days);
# the session too where it is not cached.
MAX_LIST_QUERIES = 14


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "t.me", "direction": "culture"}, {"status__exact": "submitted", "region__id__exact": "77"}],
    ids=["all", "filtered", "by-status"],
)
def test_list_does_the_same_number_of_queries_at_any_size(client, django_assert_num_queries, params):
    if "region__id__exact" in params:  # given by its ФНС code above: the id is the database's
        params = {**params, "region__id__exact": Region.objects.get(code=params["region__id__exact"]).pk}
    client.force_login(organizer())
    list_at_size(3)
    # Once first, so process-wide caches (content types, the session) are as on a busy server.
    client.get(reverse(CHANGELIST), params)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse(CHANGELIST), params)
    # Filtered by status, the counts of the other statuses need the list without that
    # filter, for which Django builds every filter again: their choices are read twice.
    assert len(small) <= MAX_LIST_QUERIES + (5 if "status__exact" in params else 0)

    list_at_size(27, start=3)
    with django_assert_num_queries(len(small)):
        response = client.get(reverse(CHANGELIST), params)

    assert response.context["cl"].result_count == 30


# --- filters and search


def test_filters(staff_client):
    season = SeasonFactory()
    moscow = submitted(season=season, is_possible_duplicate=True)
    choose_directions(moscow, "culture", "tourism")
    far_east = submitted(season=season, region=Region.objects.get(code="25"), role=ApplicantRole.OFFICIAL)
    choose_directions(far_east, "tourism")
    draft = ApplicationFactory(season=season)
    old = submitted(season=SeasonFactory(is_current=False))
    url = reverse(CHANGELIST)

    def found(**params) -> list[int]:
        response = staff_client.get(url, params)
        assert response.status_code == 200, params
        return listed(response)

    assert found(status__exact="draft") == [draft.pk]
    assert found(role__exact="official") == [far_east.pk]
    assert found(region__id__exact=Region.objects.get(code="25").pk) == [far_east.pk]
    assert found(region__federal_district__exact="FEFD") == [far_east.pk]
    assert found(direction="tourism") == sorted([moscow.pk, far_east.pk])
    assert found(first_direction="tourism") == [far_east.pk]
    assert found(is_possible_duplicate__exact="1") == [moscow.pk]
    assert found(season__id__exact=old.season_id) == [old.pk]


def test_search_by_name_email_phone_and_link_without_repeats(staff_client):
    anna = submitted(
        last_name="Соколова",
        first_name="Анна",
        phone="+79161234567",
        applicant=applicant(email="anna@example.ru"),
    )
    SocialAccountFactory(application=anna, url="https://t.me/anna_travel")
    SocialAccountFactory(application=anna, platform="vk", url="https://vk.com/anna_travel")
    other = submitted(last_name="Орлов", phone="+79160000000")
    url = reverse(CHANGELIST)

    for term in ["Соколова", "anna@example", "+79161234567", "t.me/anna_travel", "anna_travel"]:
        assert listed(staff_client.get(url, {"q": term})) == [anna.pk], term
    assert listed(staff_client.get(url, {"q": "Орлов"})) == [other.pk]


def test_search_finds_a_phone_typed_in_another_format(staff_client):
    anna = submitted(phone="+79161234567")
    submitted(phone="+79160000000")

    assert listed(staff_client.get(reverse(CHANGELIST), {"q": "8 (916) 123-45-67"})) == [anna.pk]


# --- the detail page


def test_page_shows_the_portfolio_with_working_links_and_files(staff_client):
    application = submitted()
    SocialAccountFactory(application=application, url="https://t.me/anna_travel", followers=4200)
    ContentLinkFactory(application=application, url="https://vk.com/wall-1_2")
    work = PortfolioFileFactory(application=application, original_name="обложка.pdf")

    html = staff_client.get(
        reverse("admin:applications_application_change", args=[application.pk])
    ).content.decode()

    assert '<a href="https://t.me/anna_travel" target="_blank" rel="noopener noreferrer">' in html
    assert '<a href="https://vk.com/wall-1_2" target="_blank" rel="noopener noreferrer">' in html
    assert f'href="{reverse("applications:file", args=[work.pk])}"' in html
    assert "обложка.pdf" in html
    # The private file is never linked by its storage path.
    assert work.file.name not in html


def test_page_shows_the_consents_and_the_history_read_only(staff_client):
    application = submitted()
    Consent.objects.create(
        user=application.applicant,
        document=ConsentDocument.objects.get(kind="processing", version=1),
        given_at=timezone.now(),
        ip_address="203.0.113.7",
        user_agent="Mozilla/5.0 (X11)",
    )
    StatusChange.objects.create(
        application=application,
        from_status="draft",
        to_status="submitted",
        changed_at=timezone.now(),
        changed_by=application.applicant,
    )

    page = staff_client.get(reverse("admin:applications_application_change", args=[application.pk]))

    html = page.content.decode()
    assert "203.0.113.7" in html and "Mozilla/5.0 (X11)" in html
    assert "Согласие на обработку персональных данных" in html
    assert not page.context["has_change_permission"]
    history = next(f for f in page.context["inline_admin_formsets"] if f.opts.model is StatusChange)
    assert not history.has_change_permission and not history.has_add_permission


def test_status_cannot_be_changed_in_the_form(staff_client):
    application = submitted()

    response = staff_client.post(
        reverse("admin:applications_application_change", args=[application.pk]), {"status": "selected"}
    )

    assert response.status_code == 403
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_organizers_cannot_add_an_application_by_hand(staff_client):
    assert staff_client.get(reverse("admin:applications_application_add")).status_code == 403


# --- actions


def act(client, action: str, applications, **extra):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, ACTION_CHECKBOX_NAME: [a.pk for a in applications], **extra},
        follow=True,
    )


def test_resolve_duplicates_calls_the_service(staff_client):
    pair = [
        submitted(is_possible_duplicate=True, duplicate_reason="Совпадает телефон"),
        submitted(is_possible_duplicate=True, duplicate_reason="Совпадает телефон"),
    ]

    response = act(staff_client, "duplicates_resolve", pair)

    assert response.status_code == 200
    for application in Application.objects.filter(pk__in=[a.pk for a in pair]):
        assert not application.is_possible_duplicate
        assert application.duplicate_resolved_by == response.wsgi_request.user
    assert "снята с 2 заявок" in response.content.decode()


def test_withdraw_asks_for_a_reason_on_a_confirmation_page(staff_client):
    chosen = [submitted(last_name="Петрова"), submitted(last_name="Орлов")]

    page = act(staff_client, "withdraw_on_behalf", chosen)
    without_reason = act(staff_client, "withdraw_on_behalf", chosen, confirm="yes", reason="")

    html = page.content.decode()
    assert page.templates[0].name == "admin/applications/application/withdraw_confirmation.html"
    assert "Петрова" in html and "Орлов" in html and "csrfmiddlewaretoken" in html
    assert 'name="reason"' in html
    assert "Укажите причину" in without_reason.content.decode()
    assert not Application.objects.filter(status=ApplicationStatus.WITHDRAWN).exists()


def test_withdraw_with_a_reason_withdraws_and_reports_refusals(staff_client):
    active = submitted(last_name="Петрова", first_name="Анна")
    gone = ApplicationFactory(
        last_name="Орлов", first_name="Пётр", status=ApplicationStatus.WITHDRAWN, submitted_at=timezone.now()
    )

    response = act(
        staff_client,
        "withdraw_on_behalf",
        [active, gone],
        confirm="yes",
        reason="Заявитель попросил по телефону",
    )

    html = response.content.decode()
    assert Application.objects.get(pk=active.pk).status == ApplicationStatus.WITHDRAWN
    change = StatusChange.objects.get(application=active, to_status=ApplicationStatus.WITHDRAWN)
    assert change.reason == "Заявитель попросил по телефону"
    assert change.changed_by == response.wsgi_request.user
    assert "Отозвана 1 заявка" in html
    assert "Не отозвана 1 заявка" in html and "Орлов Пётр" in html


def test_organizer_group_alone_grants_the_actions(client):
    """The organizer role's group permissions, not is_superuser, open the actions."""
    person = UserFactory(is_staff=True)
    person.groups.add(Group.objects.get(name="organizer"))
    client.force_login(person)

    actions = client.get(reverse(CHANGELIST)).context["action_form"].fields["action"].choices

    assert {"duplicates_resolve", "withdraw_on_behalf", "export_selected_csv"} <= {c for c, _ in actions}


def test_the_ministry_section_is_shown_for_officials_only(staff_client):
    blogger = submitted()
    official = submitted(role=ApplicantRole.OFFICIAL, department="Департамент медиа", position="Советник")

    def page(application) -> str:
        url = reverse("admin:applications_application_change", args=[application.pk])
        return staff_client.get(url).content.decode()

    assert "Департамент медиа" in page(official) and ">Министерство<" in page(official)
    assert ">Министерство<" not in page(blogger)
