"""Writes about people: registration, email confirmation, roles."""

import logging
from collections.abc import Collection

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from topblog.accounts import consent_withdrawal, selectors
from topblog.accounts.models import Consent, ConsentDocument, Role, User
from topblog.accounts.signals import user_deactivated
from topblog.notifications.models import Event
from topblog.notifications.services import notification_send
from topblog.tracks.models import Direction

logger = logging.getLogger(__name__)

USER_AGENT_MAX_LENGTH = Consent._meta.get_field("user_agent").max_length


def user_register(
    *,
    email: str,
    password: str,
    language: str,
    ip_address: str | None,
    user_agent: str,
) -> User:
    """Registers an applicant who consents to the processing of personal data.

    1. Creates an inactive account in the "applicant" group; it opens once the email is
       confirmed.
    2. Records consent to the current processing text with the address and browser.
    3. Sends the confirmation link through the notifications outbox.

    An email already registered gets no new account, and nothing tells the caller so.
    A confirmed account is left alone. An unconfirmed one takes the new password and
    gets a new link, which spends the earlier ones: whoever registered the email
    before, perhaps a stranger hoping its owner confirms an account whose password
    they know, loses it.
    Returns the account the email belongs to.
    """
    email = User.objects.normalize_email(email)
    # Hashed before looking the email up, so both paths take as long and the response
    # time does not tell whether the email is registered.
    password_hash = make_password(password)
    with transaction.atomic():
        # The unique constraint decides whether the email is new, which also settles two
        # registrations racing for it.
        try:
            with transaction.atomic():
                user = User.objects.create(
                    email=email, password=password_hash, is_active=False, language=language
                )
        except IntegrityError:
            user = selectors.users_unconfirmed(email=email).select_for_update().first()
            if user is None:  # confirmed, or deactivated by an organizer: left alone
                return User.objects.get(email=email)
            user.password, user.language = password_hash, language
            user.save(update_fields=["password", "language"])
            _confirmation_send(user=user)
            logger.info("Registration repeated for unconfirmed user %s; new link sent", user.pk)
            return user
        user.groups.add(Group.objects.get(name=Role.APPLICANT))
        consent_record(
            user=user, kind=ConsentDocument.Kind.PROCESSING, ip_address=ip_address, user_agent=user_agent
        )
        _confirmation_send(user=user)
    logger.info("User %s registered", user.pk)
    return user


def consent_record(*, user: User, kind: str, ip_address: str | None, user_agent: str) -> Consent:
    """The person's consent to the current text of ``kind``, with time, IP address and
    browser. An active consent to that very version already carries its evidence and is
    kept (one active consent per document is a constraint); a new version gets a new
    record. ValidationError when no text of that kind is published."""
    document = selectors.consent_document_current(kind=kind)
    if document is None:
        raise ValidationError(
            _("Текст согласия ещё не опубликован; продолжить пока нельзя."), code="no_consent"
        )
    with transaction.atomic():
        active = Consent.objects.filter(user=user, document=document, withdrawn_at__isnull=True).first()
        if active is not None:
            return active
        consent = Consent.objects.create(
            user=user,
            document=document,
            given_at=timezone.now(),
            ip_address=ip_address or None,
            user_agent=(user_agent or "")[:USER_AGENT_MAX_LENGTH],
        )
    logger.info("User %s consented to %s", user.pk, document)
    return consent


def consent_withdraw(*, user: User, kind: str, ip_address: str | None, user_agent: str) -> int:
    """The person withdraws their consent of ``kind`` (every version they gave).

    Steps, in one transaction: lock the person's active consents of that kind (none:
    ValidationError); record the withdrawal with time, address and browser (the consent
    stays, as evidence); carry out what every app registered to follow it
    (consent_withdrawal), e.g. the application is withdrawn through its status service.
    Returns how many consents were withdrawn.
    """
    with transaction.atomic():
        active = list(
            Consent.objects.select_for_update().filter(
                user=user, document__kind=kind, withdrawn_at__isnull=True
            )
        )
        if not active:
            raise ValidationError(_("Действующего согласия этого вида нет."), code="no_consent")
        Consent.objects.filter(pk__in=[consent.pk for consent in active]).update(
            withdrawn_at=timezone.now(),
            withdrawn_ip_address=ip_address or None,
            withdrawn_user_agent=(user_agent or "")[:USER_AGENT_MAX_LENGTH],
        )
        consent_withdrawal.consequences_carry_out(user=user, kind=kind)
    logger.info("User %s withdrew consent %s from %s", user.pk, kind, ip_address)
    return len(active)


def user_confirmation_resend(*, email: str) -> None:
    """Sends the confirmation link again if this email has an unconfirmed account;
    does nothing otherwise, and the caller cannot tell which happened."""
    with transaction.atomic():
        user = selectors.users_unconfirmed(email=email).first()
        if user is None:
            return
        _confirmation_send(user=user)
    logger.info("Confirmation link sent again to user %s", user.pk)


def user_confirm_email(*, user: User) -> None:
    """Opens the account: its email is confirmed now. Confirming twice changes nothing."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.email_confirmed_at is None:
            locked.is_active = True
            locked.email_confirmed_at = timezone.now()
            locked.save(update_fields=["is_active", "email_confirmed_at"])
            logger.info("User %s confirmed their email", user.pk)
    user.is_active, user.email_confirmed_at = locked.is_active, locked.email_confirmed_at


def user_active_set(*, user_id: int, active: bool, by: User | None) -> bool:
    """Switch an account on or off; returns whether it changed.

    Steps, in one transaction: lock the row; write ``is_active``; on switching off, send
    ``signals.user_deactivated`` so that the stages that gave the person work hand it
    over (an expert's unfinished reviews go to other experts). A switched-off person's
    sessions and API token stop working at their next request (Django's backends refuse
    an inactive user).
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user_id)
        if user.is_active == active:
            return False
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            user_deactivated.send(sender=User, user=user, by=by)
    logger.info("User %s switched %s by %s", user_id, "on" if active else "off", getattr(by, "pk", None))
    return True


def user_language_set(*, user: User, language: str) -> None:
    """The language the person's mail and portal notifications come in (each message is
    written in it when it is sent). ValueError for a language the portal does not speak."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unknown language {language!r}.")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    logger.info("User %s now gets mail in %s", user.pk, language)


def user_login_unlock(*, user: User) -> None:
    """Lifts a login lockout once the person proved they own the email by resetting
    the password through the emailed link, so they need not wait out the hour."""
    removed = axes_reset(username=user.email)
    if removed:
        logger.info("Login lockout of user %s lifted after a password reset", user.pk)


def role_direction_check(*, role: Role, direction: Direction | None) -> None:
    """A ministry curator sees one direction, so the role cannot be given without it."""
    if role == Role.MINISTRY_CURATOR and direction is None:
        raise ValueError(_("Для роли «Куратор министерства» укажите курируемое направление."))


def user_role_grant(
    *, user: User, role: Role, direction: Direction | None = None, granted_by: User | None
) -> None:
    """Gives a role: its group, plus staff access for an organizer (who works in the
    admin) and the curated direction for a ministry curator. ValueError when a curator
    has no direction."""
    role = Role(role)
    role_direction_check(role=role, direction=direction)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.groups.add(Group.objects.get(name=role))
        if role == Role.ORGANIZER:
            locked.is_staff = True
        if role == Role.MINISTRY_CURATOR:
            locked.curated_direction = direction
        locked.save(update_fields=["is_staff", "curated_direction"])
    _role_fields_copy(source=locked, target=user)
    logger.info("Role %s granted to user %s by %s", role, user.pk, granted_by and granted_by.pk)


def user_role_revoke(*, user: User, role: Role, revoked_by: User | None) -> None:
    """Takes a role away, with what came with it: staff access for an organizer (a
    superuser keeps it), the curated direction for a ministry curator."""
    role = Role(role)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.groups.remove(Group.objects.get(name=role))
        if role == Role.ORGANIZER and not locked.is_superuser:
            locked.is_staff = False
        if role == Role.MINISTRY_CURATOR:
            locked.curated_direction = None
        locked.save(update_fields=["is_staff", "curated_direction"])
    _role_fields_copy(source=locked, target=user)
    logger.info("Role %s revoked from user %s by %s", role, user.pk, revoked_by and revoked_by.pk)


def curated_direction_holder_check(*, roles: Collection[str]) -> None:
    """Only a ministry curator has a curated direction: it is what the role sees."""
    if Role.MINISTRY_CURATOR not in roles:
        raise ValueError(_("Курируемое направление бывает только у куратора министерства."))


def user_curated_direction_set(*, user: User, direction: Direction, by: User | None) -> None:
    """Moves a ministry curator to another direction. ValueError for anyone else: a
    direction comes with the role, through user_role_grant."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        curated_direction_holder_check(roles=locked.role_codes)
        locked.curated_direction = direction
        locked.save(update_fields=["curated_direction"])
    _role_fields_copy(source=locked, target=user)
    logger.info("Curated direction of user %s set to %s by %s", user.pk, direction.pk, by and by.pk)


def _role_fields_copy(*, source: User, target: User) -> None:
    # The caller's instance must not keep stale roles: role_codes is cached on it.
    target.is_staff, target.curated_direction = source.is_staff, source.curated_direction
    target.__dict__.pop("_role_codes", None)


def password_reset_request(*, email: str) -> None:
    """Mails a reset link to the active account with this email, if there is one; does
    nothing otherwise, and the caller cannot tell which happened."""
    for user in selectors.users_for_password_reset(email=email):
        password_reset_send(user=user)


def password_reset_send(*, user: User) -> None:
    """Mails a link that sets a new password, through the outbox like every other mail.
    The link itself is made when the mail is sent (accounts.links) and never stored."""
    with transaction.atomic():
        _link_send(user=user, event=Event.PASSWORD_RESET, occasion_prefix="reset")
    logger.info("Password reset link sent to user %s", user.pk)


def _confirmation_send(*, user: User) -> None:
    _link_send(user=user, event=Event.ACCOUNT_CONFIRM_EMAIL, occasion_prefix="confirm")


def _link_send(*, user: User, event: Event, occasion_prefix: str) -> None:
    notification_send(
        event=event,
        recipients=[user],
        # Nothing: the link is this event's secret, made at delivery for the recipient
        # (accounts.links), so no row, log or admin page ever holds it.
        context={},
        # Each link is a new message: a person who asks again must get the mail again.
        occasion=f"{occasion_prefix}-{timezone.now().isoformat()}",
    )


def api_token_create(*, user: User) -> str:
    """A new API token for the person's own scripts, replacing any earlier one (which
    stops working). Returns the key: it is shown once and never again."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
    logger.info("API token created by user %s", user.pk)
    return token.key


def api_token_revoke(*, user: User) -> bool:
    """The person's API token stops working; False if they had none."""
    deleted, _rows = Token.objects.filter(user=user).delete()
    if deleted:
        logger.info("API token of user %s revoked", user.pk)
    return bool(deleted)
