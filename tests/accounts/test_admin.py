import logging

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import applicant, expert, ministry_curator, organizer, superuser
from topblog.accounts.models import Consent, ConsentDocument, Role, User
from topblog.tracks.models import Direction

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "admin:accounts_user_changelist",
    "admin:accounts_consent_changelist",
    "admin:accounts_consentdocument_changelist",
]


def consent_of(user: User) -> Consent:
    return Consent.objects.create(
        user=user,
        document=ConsentDocument.objects.get(kind="processing", version=1),
        given_at=timezone.now(),
        ip_address="203.0.113.7",
        user_agent="Mozilla/5.0",
    )


@pytest.mark.parametrize("url_name", CHANGELISTS)
def test_organizer_opens_the_changelists(client, url_name):
    consent_of(applicant())
    client.force_login(organizer())

    response = client.get(reverse(url_name))

    assert response.status_code == 200


@pytest.mark.parametrize("url_name", CHANGELISTS)
@pytest.mark.parametrize("person", [applicant, expert, None], ids=["applicant", "expert", "anonymous"])
def test_everyone_else_is_sent_to_the_admin_login(client, url_name, person):
    if person is not None:
        client.force_login(person())

    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_user_changelist_searches_by_email_and_filters_by_role(client):
    client.force_login(organizer(email="org@example.ru"))
    expert(email="eva@example.ru")
    applicant(email="ivan@example.ru")

    found = client.get(reverse("admin:accounts_user_changelist"), {"q": "eva@"})
    experts = client.get(
        reverse("admin:accounts_user_changelist"),
        {"groups__id__exact": Group.objects.get(name=Role.EXPERT).pk},
    )

    assert [u.email for u in found.context["cl"].result_list] == ["eva@example.ru"]
    assert [u.email for u in experts.context["cl"].result_list] == ["eva@example.ru"]
    assert "Эксперт" in found.content.decode()


def test_user_changelist_query_count_does_not_grow_with_users(client):
    client.force_login(organizer())

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
        return len(queries)

    for _ in range(2):
        applicant()
    few = count()
    for _ in range(10):
        expert()
    assert count() == few


def test_consent_changelist_query_count_does_not_grow_with_consents(client):
    client.force_login(organizer())

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("admin:accounts_consent_changelist")).status_code == 200
        return len(queries)

    for _ in range(2):
        consent_of(applicant())
    few = count()
    for _ in range(10):
        consent_of(applicant())
    assert count() == few


@pytest.mark.parametrize(
    ("action", "role"), [("grant_expert", Role.EXPERT), ("grant_organizer", Role.ORGANIZER)]
)
def test_bulk_action_grants_the_role(client, action, role):
    client.force_login(organizer())
    people = [applicant(), applicant()]

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": action, "_selected_action": [p.pk for p in people]},
        follow=True,
    )

    assert response.status_code == 200
    for person in people:
        person = User.objects.get(pk=person.pk)
        assert person.has_role(role)
        assert person.has_role(Role.APPLICANT)
        assert person.is_staff == (role == Role.ORGANIZER)


def change_form_data(user: User, **changes) -> dict:
    data = {
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "language": "ru",
        "is_active": "on",
        "roles": sorted(user.role_codes),
        "direction": "",
    }
    data.update(changes)
    return data


def test_change_form_refuses_a_curator_without_a_direction(client):
    client.force_login(organizer())
    person = applicant()

    response = client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        change_form_data(person, roles=[Role.MINISTRY_CURATOR]),
    )

    assert response.status_code == 200
    assert "укажите курируемое направление" in response.content.decode()
    assert User.objects.get(pk=person.pk).role_codes == {Role.APPLICANT}


def test_change_form_changes_roles_through_the_services(client):
    client.force_login(organizer())
    person = applicant()
    culture = Direction.objects.get(code="culture")

    response = client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        change_form_data(person, roles=[Role.MINISTRY_CURATOR, Role.ORGANIZER], direction=culture.pk),
    )

    assert response.status_code == 302
    person = User.objects.get(pk=person.pk)
    assert person.role_codes == {Role.MINISTRY_CURATOR, Role.ORGANIZER}
    assert person.curated_direction == culture
    assert person.is_staff


def test_change_form_moves_a_curator_to_another_direction_through_the_service(client, caplog):
    boss = organizer()
    client.force_login(boss)
    person = ministry_curator(direction_code="culture")
    health = Direction.objects.get(code="health")
    caplog.set_level(logging.INFO, logger="topblog.accounts.services")

    response = client.post(
        reverse("admin:accounts_user_change", args=[person.pk]), change_form_data(person, direction=health.pk)
    )

    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).curated_direction == health
    assert f"Curated direction of user {person.pk} set to {health.pk} by {boss.pk}" in caplog.messages


def test_change_form_refuses_a_direction_for_someone_who_is_not_a_curator(client):
    client.force_login(organizer())
    person = expert()

    response = client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        change_form_data(person, direction=Direction.objects.get(code="culture").pk),
    )

    assert response.status_code == 200
    assert "только у куратора министерства" in response.content.decode()
    assert User.objects.get(pk=person.pk).curated_direction is None


def test_curated_direction_cannot_be_posted_past_the_services(client):
    client.force_login(organizer())
    person = expert()

    response = client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        change_form_data(person, curated_direction=Direction.objects.get(code="culture").pk),
    )

    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).curated_direction is None


def test_organizer_cannot_change_a_superuser_or_their_password(client):
    client.force_login(organizer())
    boss = superuser()

    page = client.get(reverse("admin:accounts_user_change", args=[boss.pk]))
    password = client.get(reverse("admin:auth_user_password_change", args=[boss.pk]))

    assert not page.context["has_change_permission"]
    assert password.status_code == 403


def test_organizer_cannot_make_anyone_staff_or_superuser_by_hand(client):
    client.force_login(organizer())
    person = applicant()

    client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        change_form_data(person, is_staff="on", is_superuser="on"),
    )

    person = User.objects.get(pk=person.pk)
    assert not person.is_staff
    assert not person.is_superuser


def test_published_consent_text_is_read_only(client):
    client.force_login(superuser())
    published = ConsentDocument.objects.get(kind="processing", version=1)
    scheduled = ConsentDocument.objects.create(
        kind="processing",
        version=2,
        title="v2",
        text="…",
        published_at=timezone.now() + timezone.timedelta(days=7),
    )

    published_page = client.get(reverse("admin:accounts_consentdocument_change", args=[published.pk]))
    scheduled_page = client.get(reverse("admin:accounts_consentdocument_change", args=[scheduled.pk]))
    delete = client.get(reverse("admin:accounts_consentdocument_delete", args=[published.pk]))

    assert not published_page.context["has_change_permission"]
    assert scheduled_page.context["has_change_permission"]
    assert delete.status_code == 403


def test_consents_cannot_be_added_changed_or_deleted(client):
    client.force_login(superuser())
    consent = consent_of(applicant())

    assert client.get(reverse("admin:accounts_consent_add")).status_code == 403
    assert client.get(reverse("admin:accounts_consent_delete", args=[consent.pk])).status_code == 403
    page = client.get(reverse("admin:accounts_consent_change", args=[consent.pk]))
    assert not page.context["has_change_permission"]
    filtered = client.get(reverse("admin:accounts_consent_changelist"), {"document__kind": "publication"})
    assert list(filtered.context["cl"].result_list) == []


def test_organizer_sees_roles_on_the_change_form_but_not_superuser_controls(client):
    client.force_login(organizer())
    person = expert()

    html = client.get(reverse("admin:accounts_user_change", args=[person.pk])).content.decode()

    assert 'name="roles" value="expert"' in html
    assert 'name="direction"' in html
    assert 'name="curated_direction"' not in html
    assert 'name="is_superuser"' not in html
    assert 'name="is_staff"' not in html


def test_superuser_adds_a_user_by_email(client):
    client.force_login(superuser())

    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Person@Example.ru",
            "usable_password": "true",
            "password1": "Zvezda-na-Volge-42",
            "password2": "Zvezda-na-Volge-42",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(email="new.person@example.ru").check_password("Zvezda-na-Volge-42")


def test_a_new_consent_version_is_added_in_the_admin(client):
    client.force_login(superuser())

    response = client.post(
        reverse("admin:accounts_consentdocument_add"),
        {
            "kind": "processing",
            "version": 2,
            "title": "Согласие на обработку персональных данных",
            "text": "Новая редакция.",
            "published_at_0": timezone.localdate().isoformat(),
            "published_at_1": "00:00:00",
        },
    )

    assert response.status_code == 302
    assert (
        client.get(reverse("accounts:consent_document", kwargs={"kind": "processing"}))
        .context["document"]
        .version
        == 2
    )


def test_accounts_are_switched_off_and_on_by_actions_through_the_service(client):
    me = organizer()
    client.force_login(me)
    people = [applicant(), applicant()]
    boss = superuser()

    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate", "_selected_action": [p.pk for p in [*people, boss, me]]},
    )

    assert not User.objects.filter(pk__in=[p.pk for p in people], is_active=True).exists()
    # Not a superuser, whom an organizer cannot change, nor the organizer themselves.
    assert User.objects.get(pk=boss.pk).is_active and User.objects.get(pk=me.pk).is_active
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "activate", "_selected_action": [people[0].pk]},
    )
    assert User.objects.get(pk=people[0].pk).is_active


def test_the_change_form_cannot_switch_an_account_off(client):
    client.force_login(organizer())
    person = applicant()

    client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        {**change_form_data(person), "is_active": ""},
    )

    assert User.objects.get(pk=person.pk).is_active
