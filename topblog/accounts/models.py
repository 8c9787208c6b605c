"""People: the user account (email login), roles as groups, 152-ФЗ consent records."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from topblog.i18n import Localized


class Role(models.TextChoices):
    """A role is a group of the same name, created with its permissions by a migration."""

    APPLICANT = "applicant", _("Заявитель")
    EXPERT = "expert", _("Эксперт")
    ORGANIZER = "organizer", _("Организатор")
    MINISTRY_CURATOR = "ministry_curator", _("Куратор министерства")
    MINISTRY_LEADERSHIP = "ministry_leadership", _("Руководство министерства")


# The language of a person's mail, as a sentence names it.
LANGUAGE_PHRASES = {"ru": _("на русском языке"), "en": _("на английском языке")}


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        """The one spelling of an address: trimmed and all lower case. Django lowers only
        the domain, but people type "Anna@" and "anna@" for one mailbox, and the login,
        the unique constraint and django-axes' failure count must all take them as one."""
        return (email or "").strip().lower()

    def _create(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """An account. Email is the login; names live on the application, where 152-ФЗ
    consent covers them, except for staff, who are named here."""

    username = None
    email = models.EmailField(_("электронная почта"), unique=True)
    email_confirmed_at = models.DateTimeField(_("почта подтверждена"), null=True, blank=True)
    language = models.CharField(
        _("язык писем"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    curated_direction = models.ForeignKey(
        "tracks.Direction",
        verbose_name=_("курируемое направление"),
        help_text=_("Только для кураторов министерства: направление их министерства."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="curators",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def language_phrase(self) -> str:
        """«на русском языке»: the language of the person's mail, as a sentence says it."""
        return str(LANGUAGE_PHRASES.get(self.language, self.get_language_display()))

    def has_role(self, role: Role) -> bool:
        return role in self.role_codes

    @property
    def role_codes(self) -> frozenset[str]:
        # Cached per instance: templates and permission checks ask many times a request.
        if not hasattr(self, "_role_codes"):
            self._role_codes = frozenset(self.groups.values_list("name", flat=True))
        return self._role_codes


class ConsentDocument(models.Model):
    """A versioned text a person agrees to. A new version is a new row; old ones stay,
    because each consent must show exactly what was agreed to."""

    class Kind(models.TextChoices):
        PROCESSING = "processing", _("Согласие на обработку персональных данных")
        PUBLICATION = "publication", _("Согласие на распространение (публикацию) данных")
        # Asked of trainees only, when the programme needs it for their certificate.
        EDUCATION_RECORDS = "education_records", _("Согласие на передачу сведений в ФИС ФРДО")

    kind = models.CharField(_("вид"), max_length=32, choices=Kind.choices)
    version = models.PositiveIntegerField(_("версия"))
    title = models.CharField(_("заголовок"), max_length=255)
    text = models.TextField(_("текст"))
    # A courtesy translation for English pages: what a person agrees to is the Russian text.
    title_en = models.CharField(_("заголовок по-английски"), max_length=255, blank=True)
    text_en = models.TextField(_("текст по-английски"), blank=True)
    published_at = models.DateTimeField(_("опубликовано"))

    title_i18n = Localized("title")

    class Meta:
        verbose_name = _("текст согласия")
        verbose_name_plural = _("тексты согласий")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="accounts_consentdoc_version"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, v{self.version}"


class Consent(models.Model):
    """A person's consent to one version of a document, with the evidence 152-ФЗ asks
    for: when, from which address and browser. Withdrawal is recorded, never deleted."""

    user = models.ForeignKey(
        User, verbose_name=_("пользователь"), on_delete=models.CASCADE, related_name="consents"
    )
    document = models.ForeignKey(
        ConsentDocument, verbose_name=_("текст"), on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(_("дано"))
    ip_address = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)
    user_agent = models.CharField(_("браузер"), max_length=512, blank=True)
    withdrawn_at = models.DateTimeField(_("отозвано"), null=True, blank=True)
    # The same evidence for a withdrawal as for the consent.
    withdrawn_ip_address = models.GenericIPAddressField(_("IP-адрес отзыва"), null=True, blank=True)
    withdrawn_user_agent = models.CharField(_("браузер при отзыве"), max_length=512, blank=True)

    class Meta:
        verbose_name = _("согласие")
        verbose_name_plural = _("согласия")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "document"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="accounts_consent_one_active_per_document",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.document}"
