import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils import timezone

from tests.accounts.conftest import link_in_mail
from tests.factories import applicant, expert, ministry_curator, organizer, superuser
from topblog.accounts import selectors, services
from topblog.accounts.models import Consent, ConsentDocument, Role, User
from topblog.accounts.tokens import email_confirmation_token
from topblog.notifications.models import Event, OutboxMessage, OutboxState
from topblog.tracks.models import Direction

pytestmark = pytest.mark.django_db

STRONG = "Zvezda-na-Volge-42"


def register(email: str = "anna@example.ru", password: str = STRONG):
    return services.user_register(
        email=email,
        password=password,
        language="ru",
        ip_address="203.0.113.7",
        user_agent="Mozilla/5.0 (Android 14)",
    )


def test_register_creates_inactive_applicant_with_consent_and_sends_one_link(
    django_capture_on_commit_callbacks, settings
):
    settings.NOTIFICATIONS_SITE_URL = "https://portal.example.ru"

    with django_capture_on_commit_callbacks(execute=True):
        user = register(email=" Anna@Example.RU")

    assert user.email == "anna@example.ru"
    assert not user.is_active
    assert user.email_confirmed_at is None
    assert user.check_password(STRONG)
    assert user.role_codes == {Role.APPLICANT}
    consent = Consent.objects.get(user=user)
    assert consent.document == selectors.consent_document_current(kind=ConsentDocument.Kind.PROCESSING)
    assert (consent.ip_address, consent.user_agent) == ("203.0.113.7", "Mozilla/5.0 (Android 14)")
    assert consent.withdrawn_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@example.ru"]
    sent = OutboxMessage.objects.get(recipient=user)
    assert (sent.event, sent.state) == (Event.ACCOUNT_CONFIRM_EMAIL, OutboxState.SENT)
    assert link_in_mail("/accounts/confirm/").startswith("https://portal.example.ru/accounts/confirm/")


def test_register_records_the_latest_published_processing_text():
    newest = ConsentDocument.objects.create(
        kind=ConsentDocument.Kind.PROCESSING, version=2, title="v2", text="…", published_at=timezone.now()
    )
    ConsentDocument.objects.create(
        kind=ConsentDocument.Kind.PROCESSING,
        version=3,
        title="v3, not yet in force",
        text="…",
        published_at=timezone.now() + timezone.timedelta(days=1),
    )

    user = register()

    assert Consent.objects.get(user=user).document == newest


def test_register_again_while_unconfirmed_takes_the_new_password_and_spends_the_old_link(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        first = register()
    old_token = link_in_mail("/accounts/confirm/").rstrip("/").rsplit("/", 1)[-1]
    with django_capture_on_commit_callbacks(execute=True):
        second = register(email="ANNA@example.ru", password="a-different-password-77")

    assert second.pk == first.pk
    assert User.objects.count() == 1
    assert Consent.objects.count() == 1
    assert len(mail.outbox) == 2
    second.refresh_from_db()
    assert second.check_password("a-different-password-77")
    assert not email_confirmation_token.check_token(second, old_token)
    new_token = link_in_mail("/accounts/confirm/").rstrip("/").rsplit("/", 1)[-1]
    assert email_confirmation_token.check_token(second, new_token)


def test_register_with_a_confirmed_email_sends_nothing_and_changes_nothing(
    django_capture_on_commit_callbacks,
):
    existing = applicant(email="anna@example.ru")
    password_before = existing.password

    with django_capture_on_commit_callbacks(execute=True):
        returned = register()

    assert returned.pk == existing.pk
    existing.refresh_from_db()
    assert existing.password == password_before
    assert existing.is_active
    assert not Consent.objects.exists()
    assert mail.outbox == []


def test_confirm_email_opens_the_account_and_spends_the_token(unconfirmed_user):
    token = email_confirmation_token.make_token(unconfirmed_user)

    services.user_confirm_email(user=unconfirmed_user)

    unconfirmed_user.refresh_from_db()
    assert unconfirmed_user.is_active
    assert unconfirmed_user.email_confirmed_at is not None
    assert not email_confirmation_token.check_token(unconfirmed_user, token)


def test_confirming_twice_keeps_the_first_confirmation_time(unconfirmed_user):
    services.user_confirm_email(user=unconfirmed_user)
    first = unconfirmed_user.email_confirmed_at

    services.user_confirm_email(user=User.objects.get(pk=unconfirmed_user.pk))

    unconfirmed_user.refresh_from_db()
    assert unconfirmed_user.email_confirmed_at == first


def test_confirmation_token_does_not_reset_a_password(unconfirmed_user):
    token = email_confirmation_token.make_token(unconfirmed_user)

    assert not default_token_generator.check_token(unconfirmed_user, token)


@pytest.mark.parametrize(
    ("account", "mails"),
    [
        (dict(is_active=False, email_confirmed_at=None), 1),
        (dict(is_active=True), 0),
        # Deactivated by an organizer after confirming: must not reopen itself.
        (dict(is_active=False), 0),
    ],
)
def test_confirmation_resend_only_for_unconfirmed_accounts(
    account, mails, django_capture_on_commit_callbacks
):
    applicant(email="anna@example.ru", **account)

    with django_capture_on_commit_callbacks(execute=True):
        services.user_confirmation_resend(email="Anna@Example.ru")
        services.user_confirmation_resend(email="nobody@example.ru")

    assert len(mail.outbox) == mails


def test_grant_and_revoke_organizer_sets_and_clears_staff_access():
    person, granter = applicant(), organizer()

    services.user_role_grant(user=person, role=Role.ORGANIZER, granted_by=granter)

    assert person.is_staff
    assert person.role_codes == {Role.APPLICANT, Role.ORGANIZER}
    person.refresh_from_db()
    assert person.is_staff

    services.user_role_revoke(user=person, role=Role.ORGANIZER, revoked_by=granter)

    person.refresh_from_db()
    assert not person.is_staff
    assert person.role_codes == {Role.APPLICANT}


def test_revoking_organizer_from_a_superuser_keeps_staff_access():
    admin = superuser()

    services.user_role_revoke(user=admin, role=Role.ORGANIZER, revoked_by=None)

    admin.refresh_from_db()
    assert admin.is_staff


def test_grant_ministry_curator_requires_a_direction():
    person = applicant()

    with pytest.raises(ValueError, match="укажите курируемое направление"):
        services.user_role_grant(user=person, role=Role.MINISTRY_CURATOR, granted_by=None)

    assert person.role_codes == {Role.APPLICANT}
    person.refresh_from_db()
    assert person.curated_direction is None


def test_grant_and_revoke_ministry_curator_binds_and_unbinds_the_direction():
    person, health = applicant(), Direction.objects.get(code="health")

    services.user_role_grant(user=person, role=Role.MINISTRY_CURATOR, direction=health, granted_by=None)

    person.refresh_from_db()
    assert person.curated_direction == health
    assert person.has_role(Role.MINISTRY_CURATOR)

    services.user_role_revoke(user=person, role=Role.MINISTRY_CURATOR, revoked_by=None)

    person.refresh_from_db()
    assert person.curated_direction is None
    assert not person.has_role(Role.MINISTRY_CURATOR)


def test_login_unlock_removes_the_failed_attempts_of_that_account():
    person = applicant(email="anna@example.ru")
    for username in ("anna@example.ru", "boris@example.ru"):
        AccessAttempt.objects.create(
            username=username,
            ip_address="203.0.113.7",
            failures_since_start=5,
            user_agent="",
            get_data="",
            post_data="",
            http_accept="",
            path_info="/accounts/login/",
        )

    services.user_login_unlock(user=person)

    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["boris@example.ru"]


def test_the_manager_spells_an_email_one_way_for_everyone():
    assert User.objects.normalize_email("  Anna.Petrova@Example.RU ") == "anna.petrova@example.ru"
    person = User(email=" Boris@Example.RU")
    person.clean()
    assert person.email == "boris@example.ru"


def test_unconfirmed_accounts_are_a_queryset_a_service_can_lock():
    waiting = applicant(email="anna@example.ru", is_active=False, email_confirmed_at=None)
    applicant(email="boris@example.ru", is_active=False)  # confirmed, then deactivated

    assert list(selectors.users_unconfirmed(email=" ANNA@example.ru").select_for_update()) == [waiting]
    assert not selectors.users_unconfirmed(email="boris@example.ru").exists()


def test_password_reset_send_mails_a_working_link_by_email_only(django_capture_on_commit_callbacks):
    person = applicant(email="anna@example.ru")

    with django_capture_on_commit_callbacks(execute=True):
        services.password_reset_send(user=person)
        services.password_reset_send(user=person)

    sent = list(OutboxMessage.objects.filter(recipient=person))
    assert len(sent) == len(mail.outbox) == 2  # each request is a new message
    assert {(m.event, m.channel) for m in sent} == {(Event.PASSWORD_RESET, "email")}
    token = link_in_mail("/accounts/password/reset/").rstrip("/").rsplit("/", 1)[-1]
    assert default_token_generator.check_token(person, token)
    assert all(token not in m.occasion and m.occasion.startswith("reset-") for m in sent)


def test_curated_direction_set_moves_a_curator_and_logs_who(caplog):
    person, boss = ministry_curator(direction_code="culture"), organizer()
    health = Direction.objects.get(code="health")
    caplog.set_level(logging.INFO, logger="topblog.accounts.services")

    services.user_curated_direction_set(user=person, direction=health, by=boss)

    assert person.curated_direction == health
    assert User.objects.get(pk=person.pk).curated_direction == health
    assert f"Curated direction of user {person.pk} set to {health.pk} by {boss.pk}" in caplog.messages


def test_curated_direction_set_refuses_anyone_but_a_curator():
    person = expert()

    with pytest.raises(ValueError, match="только у куратора министерства"):
        services.user_curated_direction_set(
            user=person, direction=Direction.objects.get(code="health"), by=None
        )

    assert User.objects.get(pk=person.pk).curated_direction is None
