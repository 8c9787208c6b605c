"""Forms of the people's pages: registration, login, confirmation, password reset."""

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from topblog.accounts.backends import awaits_confirmation
from topblog.accounts.models import ConsentDocument, User

EMAIL_LABEL = _("Электронная почта")


def _email_field(**kwargs) -> forms.EmailField:
    return forms.EmailField(
        label=EMAIL_LABEL,
        max_length=User._meta.get_field("email").max_length,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        **kwargs,
    )


class RegistrationForm(auth_forms.SetPasswordMixin, forms.Form):
    """Whether the email is taken is deliberately not checked here: the page must not
    tell a stranger who is registered."""

    email = _email_field()
    password1, password2 = auth_forms.SetPasswordMixin.create_password_fields()
    consent = forms.BooleanField(
        label=_("Я даю согласие на обработку моих персональных данных (Федеральный закон № 152-ФЗ)"),
        error_messages={
            "required": _("Без согласия на обработку персональных данных мы не можем зарегистрировать вас.")
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("accounts:consent_document", kwargs={"kind": ConsentDocument.Kind.PROCESSING}),
            _("Текст согласия (откроется в новой вкладке)"),
        )

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"])

    def clean(self) -> dict:
        self.validate_passwords()
        # The similarity validator compares the password with the email being registered.
        self.validate_password_for_user(User(email=self.cleaned_data.get("email", "")))
        return self.cleaned_data


class LoginForm(auth_forms.AuthenticationForm):
    """Tells a person who has not yet confirmed their email why they cannot log in,
    but only once the password proved it is their account."""

    username = _email_field()
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _(
            "Неверная электронная почта или пароль. Проверьте раскладку клавиатуры и Caps Lock."
        ),
        "unconfirmed": _(
            "Адрес электронной почты ещё не подтверждён. Откройте ссылку из письма, "
            "которое мы отправили при регистрации, или запросите новое письмо."
        ),
    }

    def __init__(self, request=None, *args, **kwargs) -> None:
        super().__init__(request, *args, **kwargs)
        # A page with errors gives the focus to their summary instead.
        if not self.is_bound:
            self.fields["username"].widget.attrs["autofocus"] = True
        self.email_unconfirmed = False

    def clean_username(self) -> str:
        # The stored spelling, for the lookup and for django-axes, which counts failures
        # per spelling: "Anna@x.ru" and "anna@x.ru" are one account.
        return User.objects.normalize_email(self.cleaned_data["username"])

    def confirm_login_allowed(self, user: User) -> None:
        # The backend let an unconfirmed account through only because its password was
        # right (accounts.backends): no second check of the password here.
        if awaits_confirmation(user):
            self.email_unconfirmed = True
            raise ValidationError(self.error_messages["unconfirmed"], code="unconfirmed")
        super().confirm_login_allowed(user)


class ConfirmationResendForm(forms.Form):
    email = _email_field()

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"])


class PasswordResetForm(forms.Form):
    """Only the address: the view leaves finding the account and mailing the link for
    after the response (services.password_reset_request)."""

    email = _email_field()

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"])


class ConfirmationForm(forms.Form):
    """Confirming an address asks for the password it was registered with: whoever
    confirms then knows the password that works afterwards, so a stranger who registered
    someone else's address cannot keep a password of their own on it."""

    password = forms.CharField(
        label=_("Пароль, который вы задали при регистрации"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(
                _(
                    "Пароль не подходит. Если вы не помните пароль или регистрировались не вы, "
                    "зарегистрируйтесь заново с этим адресом: прежняя регистрация будет заменена."
                ),
                code="password_mismatch",
            )
        return password


class ApiTokenForm(forms.Form):
    """A token opens the account to scripts like a password does, so making one asks for
    the password: a session left open on a shared computer is not enough. Checked through
    authenticate(), so django-axes counts failures here as at the login."""

    password = forms.CharField(
        label=_("Ваш пароль"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        user = authenticate(self.request, username=self.request.user.email, password=password)
        if user is None or user.pk != self.request.user.pk:
            raise ValidationError(_("Пароль не подходит."), code="password_incorrect")
        return password


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Язык писем и уведомлений"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )
