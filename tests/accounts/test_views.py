import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.accounts.conftest import link_in_mail
from tests.factories import PASSWORD, applicant
from topblog.accounts.models import Consent, ConsentDocument, Role, User
from topblog.accounts.templatetags.accounts import hours
from topblog.notifications.models import Event, OutboxMessage, OutboxState

pytestmark = pytest.mark.django_db

STRONG = "Zvezda-na-Volge-42"
CLIENT = {"REMOTE_ADDR": "198.51.100.23", "HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; iOS 18)"}


def path_of(url: str) -> str:
    return urlparse(url).path


def input_tag(html: str, element_id: str) -> str:
    found = re.search(rf'<input[^>]*id="{element_id}"[^>]*>', html)
    assert found, f"no input #{element_id}"
    return found.group(0)


def register(client, capture, **data):
    form = {"email": "anna@example.ru", "password1": STRONG, "password2": STRONG, "consent": "on", **data}
    with capture(execute=True):
        return client.post(reverse("accounts:register"), form, **CLIENT)


def login(client, email: str, password: str):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, **CLIENT)


# Registration


def test_register_page_labels_every_input_and_links_the_consent_text(client):
    response = client.get(reverse("accounts:register"))

    html = response.content.decode()
    assert response.status_code == 200
    for field in ("email", "password1", "password2", "consent"):
        assert f'<label for="id_{field}">' in html
    assert 'autocomplete="email"' in html
    assert html.count('autocomplete="new-password"') == 2
    assert reverse("accounts:consent_document", kwargs={"kind": "processing"}) in html
    assert 'class="button"' in html


def test_register_creates_an_inactive_account_with_consent_and_mails_a_working_link(
    client, django_capture_on_commit_callbacks
):
    response = register(client, django_capture_on_commit_callbacks, email="Anna@Example.ru")

    assert response.status_code == 302
    assert response.url == reverse("accounts:register_done")
    user = User.objects.get(email="anna@example.ru")
    assert not user.is_active
    assert user.has_role(Role.APPLICANT)
    consent = Consent.objects.get(user=user)
    assert consent.document.kind == ConsentDocument.Kind.PROCESSING
    assert consent.ip_address == "198.51.100.23"
    assert consent.user_agent == "Mozilla/5.0 (iPhone; iOS 18)"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@example.ru"]

    link = path_of(link_in_mail("/accounts/confirm/"))
    page = client.get(link)
    assert page.status_code == 200
    assert "anna@example.ru" in page.content.decode()

    confirmed = client.post(link, {"password": STRONG}, follow=True)

    # No season is open: the cabinet says so; with one open the form comes next (test_landing).
    assert confirmed.redirect_chain == [(reverse("cabinet:home"), 302)]
    assert "Адрес электронной почты подтверждён" in confirmed.content.decode()
    assert int(client.session[SESSION_KEY]) == user.pk
    user.refresh_from_db()
    assert user.is_active
    assert user.email_confirmed_at is not None


def test_confirmation_link_works_once(client, django_capture_on_commit_callbacks):
    register(client, django_capture_on_commit_callbacks)
    link = path_of(link_in_mail("/accounts/confirm/"))
    client.post(link, {"password": STRONG})
    client.post(reverse("accounts:logout"))

    again = client.get(link)
    again_post = client.post(link, {"password": STRONG})

    for response in (again, again_post):
        assert response.status_code == 400
        assert "Ссылка недействительна" in response.content.decode()
        assert 'action="{}"'.format(reverse("accounts:confirm_resend")) in response.content.decode()
    assert SESSION_KEY not in client.session


def test_confirming_asks_for_the_registration_password(client, django_capture_on_commit_callbacks):
    register(client, django_capture_on_commit_callbacks)
    link = path_of(link_in_mail("/accounts/confirm/"))

    page = client.get(link).content.decode()
    wrong = client.post(link, {"password": "not-the-one"})

    assert 'autocomplete="current-password"' in page
    assert reverse("accounts:register") in page
    assert wrong.status_code == 200
    assert "Пароль не подходит" in wrong.content.decode()
    assert SESSION_KEY not in client.session
    assert not User.objects.get(email="anna@example.ru").is_active


def test_a_strangers_password_does_not_survive_the_owner_confirming(
    client, django_capture_on_commit_callbacks
):
    """Someone registers Anna's address with a password of their own; Anna gets the
    mail. She cannot confirm with a password she does not know; registering again
    replaces the stranger's, and only her own password opens the account."""
    stranger_password, own_password = "Chuzhoi-parol-Omsk-77", STRONG
    strangers = {"password1": stranger_password, "password2": stranger_password}
    register(client, django_capture_on_commit_callbacks, **strangers)
    strangers_link = path_of(link_in_mail("/accounts/confirm/"))

    refused = client.post(strangers_link, {"password": own_password})
    register(client, django_capture_on_commit_callbacks)
    stale = client.post(strangers_link, {"password": stranger_password})
    confirmed = client.post(path_of(link_in_mail("/accounts/confirm/")), {"password": own_password})
    client.post(reverse("accounts:logout"))

    assert refused.status_code == 200 and stale.status_code == 400
    assert confirmed.status_code == 302
    assert login(client, "anna@example.ru", stranger_password).status_code == 200
    assert login(client, "anna@example.ru", own_password).status_code == 302


def test_tampered_confirmation_link_is_refused(client, django_capture_on_commit_callbacks):
    register(client, django_capture_on_commit_callbacks)
    link = path_of(link_in_mail("/accounts/confirm/"))
    uidb64, token = link.rstrip("/").split("/")[-2:]
    other = applicant(is_active=False, email_confirmed_at=None)
    other_uidb64 = urlsafe_base64_encode(force_bytes(other.pk))
    changed_token = token[:-1] + ("a" if token[-1] != "a" else "b")
    tampered = [
        reverse("accounts:confirm", kwargs={"uidb64": uidb64, "token": changed_token}),
        reverse("accounts:confirm", kwargs={"uidb64": other_uidb64, "token": token}),
        reverse("accounts:confirm", kwargs={"uidb64": "not-base64", "token": token}),
    ]

    for url in tampered:
        response = client.post(url)
        assert response.status_code == 400
        assert "Ссылка недействительна" in response.content.decode()
    assert not User.objects.filter(is_active=True).exists()


def test_registering_a_taken_email_looks_the_same_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    applicant(email="anna@example.ru")

    response = register(client, django_capture_on_commit_callbacks, email="ANNA@example.ru")

    assert response.status_code == 302
    assert response.url == reverse("accounts:register_done")
    assert User.objects.filter(email__iexact="anna@example.ru").count() == 1
    assert mail.outbox == []


def test_registering_an_unconfirmed_email_again_sends_the_link_again(
    client, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks)
    register(client, django_capture_on_commit_callbacks)

    assert User.objects.count() == 1
    assert len(mail.outbox) == 2


def test_consent_is_required(client, django_capture_on_commit_callbacks):
    response = register(client, django_capture_on_commit_callbacks, consent="")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Без согласия на обработку персональных данных мы не можем зарегистрировать вас." in html
    assert 'id="id_consent_error"' in html
    assert 'aria-describedby="id_consent_helptext id_consent_error"' in input_tag(html, "id_consent")
    assert not User.objects.exists()
    assert mail.outbox == []


def test_weak_password_is_rejected_in_russian(client, django_capture_on_commit_callbacks):
    response = register(client, django_capture_on_commit_callbacks, password1="12345", password2="12345")

    html = response.content.decode()
    assert "Введённый пароль слишком короткий" in html
    assert "Введённый пароль состоит только из цифр" in html
    assert 'aria-describedby="id_password2_helptext id_password2_error"' in input_tag(html, "id_password2")
    assert not User.objects.exists()


def test_mismatched_passwords_are_rejected(client, django_capture_on_commit_callbacks):
    response = register(client, django_capture_on_commit_callbacks, password2=STRONG + "!")

    assert "Введенные пароли не совпадают" in response.content.decode()
    assert not User.objects.exists()


def test_consent_document_page_shows_the_current_version(client):
    response = client.get(reverse("accounts:consent_document", kwargs={"kind": "processing"}))

    assert response.status_code == 200
    assert "152-ФЗ" in response.content.decode()
    assert client.get(reverse("accounts:consent_document", kwargs={"kind": "other"})).status_code == 404


# Resending the confirmation


def test_resend_never_tells_whether_the_email_is_registered(
    client, unconfirmed_user, django_capture_on_commit_callbacks
):
    url = reverse("accounts:confirm_resend")
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(url, {"email": "nobody@example.ru"})
        known = client.post(url, {"email": unconfirmed_user.email.upper()})

    assert unknown.status_code == known.status_code == 302
    assert unknown.url == known.url == reverse("accounts:register_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [unconfirmed_user.email]


# Login and logout


def test_login_page_labels_the_email_field(client):
    html = client.get(reverse("accounts:login")).content.decode()

    assert '<label for="id_username">Электронная почта</label>' in html
    assert 'autocomplete="current-password"' in html


def test_login_with_correct_credentials_leads_to_the_persons_landing(client):
    user = applicant(email="anna@example.ru")

    response = login(client, "Anna@Example.ru", PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("accounts:landing")
    assert int(client.session[SESSION_KEY]) == user.pk


def test_login_with_a_wrong_password_says_so_in_russian(client):
    applicant(email="anna@example.ru")

    response = login(client, "anna@example.ru", "wrong")

    assert response.status_code == 200
    assert "Неверная электронная почта или пароль" in response.content.decode()


def test_unconfirmed_account_is_told_to_confirm_with_a_resend_link(client, unconfirmed_user):
    response = login(client, unconfirmed_user.email, PASSWORD)

    html = response.content.decode()
    assert "Адрес электронной почты ещё не подтверждён" in html
    assert reverse("accounts:confirm_resend") in html
    assert SESSION_KEY not in client.session


def test_unconfirmed_account_with_a_wrong_password_gets_the_usual_error(client, unconfirmed_user):
    html = login(client, unconfirmed_user.email, "wrong").content.decode()

    assert "ещё не подтверждён" not in html
    assert "Неверная электронная почта или пароль" in html


def test_sixth_attempt_after_five_failures_is_locked_out_even_with_the_right_password(client):
    applicant(email="anna@example.ru")
    for _attempt in range(4):
        assert login(client, "anna@example.ru", "wrong").status_code == 200
    assert login(client, "anna@example.ru", "wrong").status_code == 429

    response = login(client, "Anna@example.ru", PASSWORD)

    html = response.content.decode()
    assert response.status_code == 429
    assert "Вход временно заблокирован" in html
    assert "После 5 неудачных попыток входа учётная запись временно заблокирована." in html
    assert "Вы снова сможете войти по истечении 1 часа." in html
    assert reverse("accounts:password_reset") in html
    assert SESSION_KEY not in client.session


def test_lockout_page_names_the_configured_cool_off(client, settings):
    settings.AXES_COOLOFF_TIME = timedelta(hours=2)
    settings.AXES_FAILURE_LIMIT = 3
    applicant(email="anna@example.ru")
    for _attempt in range(3):
        login(client, "anna@example.ru", "wrong")

    html = login(client, "anna@example.ru", PASSWORD).content.decode()

    assert "После 3 неудачных попыток входа учётная запись временно заблокирована." in html
    assert "Вы снова сможете войти по истечении 2 часов." in html


@pytest.mark.parametrize(("cool_off", "shown"), [(timedelta(hours=1), 1), (timedelta(minutes=90), 2)])
def test_cool_off_is_shown_in_whole_hours_never_shorter(cool_off, shown):
    assert hours(cool_off) == shown


def test_failures_of_one_account_do_not_lock_another(client):
    applicant(email="anna@example.ru")
    boris = applicant(email="boris@example.ru")
    for _attempt in range(5):
        login(client, "anna@example.ru", "wrong")

    response = login(client, "boris@example.ru", PASSWORD)

    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == boris.pk


def test_logout_redirects_home(client):
    client.force_login(applicant())

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert SESSION_KEY not in client.session


# Password reset and change


def reset_password_through_the_mail(client, capture, email: str, new_password: str):
    with capture(execute=True):
        requested = client.post(reverse("accounts:password_reset"), {"email": email}, **CLIENT)
    assert requested.status_code == 302
    assert requested.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    form_page = client.get(path_of(link_in_mail("/accounts/password/reset/")), follow=True)
    assert form_page.context["validlink"]
    return client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )


def test_password_reset_mails_a_link_that_sets_a_new_password(client, django_capture_on_commit_callbacks):
    user = applicant(email="anna@example.ru")

    done = reset_password_through_the_mail(
        client, django_capture_on_commit_callbacks, "Anna@example.ru", "Novyi-parol-Sochi-2025"
    )

    assert done.status_code == 302
    assert done.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Novyi-parol-Sochi-2025")
    assert mail.outbox[0].to == ["anna@example.ru"]
    sent = OutboxMessage.objects.get(recipient=user)
    assert (sent.event, sent.state) == (Event.PASSWORD_RESET, OutboxState.SENT)


def test_password_reset_link_works_once(client, django_capture_on_commit_callbacks):
    applicant(email="anna@example.ru")
    reset_password_through_the_mail(
        client, django_capture_on_commit_callbacks, "anna@example.ru", "Novyi-parol-Sochi-2025"
    )

    again = client.get(path_of(link_in_mail("/accounts/password/reset/")), follow=True)

    assert not again.context["validlink"]
    assert "Ссылка недействительна" in again.content.decode()


def test_password_reset_of_an_unknown_email_looks_the_same_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.ru"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_reset_lifts_a_login_lockout(client, django_capture_on_commit_callbacks):
    applicant(email="anna@example.ru")
    for _attempt in range(5):
        login(client, "anna@example.ru", "wrong")
    assert login(client, "anna@example.ru", PASSWORD).status_code == 429

    reset_password_through_the_mail(
        client, django_capture_on_commit_callbacks, "anna@example.ru", "Novyi-parol-Sochi-2025"
    )

    assert login(client, "anna@example.ru", "Novyi-parol-Sochi-2025").status_code == 302


@pytest.mark.parametrize("url_name", ["accounts:register_done", "accounts:password_reset_done"])
@pytest.mark.parametrize(
    ("timeout", "shown"),
    [(3 * 24 * 3600, "в течение 3 дней"), (24 * 3600, "в течение 1 дня")],
)
def test_mail_sent_pages_tell_how_long_the_link_lasts(client, settings, url_name, timeout, shown):
    settings.PASSWORD_RESET_TIMEOUT = timeout

    html = client.get(reverse(url_name)).content.decode()

    assert f"Ссылка действительна {shown}." in html
    assert "три дня" not in html


def test_password_change_needs_login(client):
    response = client.get(reverse("accounts:password_change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_password_change_sets_the_new_password(client):
    user = applicant()
    client.force_login(user)
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert 'autocomplete="current-password"' in page

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Novyi-parol-Sochi-2025",
            "new_password2": "Novyi-parol-Sochi-2025",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password("Novyi-parol-Sochi-2025")
    assert SESSION_KEY in client.session
