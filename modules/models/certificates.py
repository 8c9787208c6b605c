"""Certificates of the programme (удостоверения о повышении квалификации) and what the
federal register of education documents (ФИС ФРДО) needs of a trainee beyond the
application, asked only at this stage under its own consent."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def certificate_upload_path(instance: "Certificate", filename: str) -> str:
    return f"private/certificates/{uuid.uuid4().hex}.pdf"


class Certificate(models.Model):
    """An issued certificate: everything printed on it is copied here at issue, so the
    document and its verification page never change when the programme is edited."""

    season = models.ForeignKey(
        "tracks.Season", verbose_name=_("сезон"), on_delete=models.PROTECT, related_name="certificates"
    )
    application = models.OneToOneField(
        "applications.Application",
        verbose_name=_("участник"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    sequence = models.PositiveIntegerField(_("порядковый номер"))
    number = models.CharField(_("регистрационный номер"), max_length=32, unique=True)
    # Part of the verification address: the numbers run in order, and without it anyone
    # could list every trainee's name by counting.
    verification_code = models.CharField(_("код проверки"), max_length=32)
    last_name = models.CharField(_("фамилия"), max_length=128)
    first_name = models.CharField(_("имя"), max_length=128)
    patronymic = models.CharField(_("отчество"), max_length=128, blank=True)
    programme_name = models.CharField(_("программа"), max_length=255)
    hours = models.PositiveSmallIntegerField(_("часов"))
    starts_on = models.DateField(_("начало обучения"))
    ends_on = models.DateField(_("окончание обучения"))
    issuer_name = models.CharField(_("выдала"), max_length=255)
    issued_at = models.DateTimeField(_("выдано"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто выдал"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    pdf = models.FileField(_("PDF"), upload_to=certificate_upload_path, max_length=255, blank=True)
    revoked_at = models.DateTimeField(_("аннулировано"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто аннулировал"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoke_reason = models.TextField(_("причина аннулирования"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("удостоверение")
        verbose_name_plural = _("удостоверения")
        ordering = ["season_id", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["season", "sequence"], name="modules_certificate_sequence_once"),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoke_reason=""),
                name="modules_certificate_revoked_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class Sex(models.TextChoices):
    MALE = "M", _("Мужской")
    FEMALE = "F", _("Женский")


class EducationLevel(models.TextChoices):
    """What a person needs to take a ДПО programme (273-ФЗ, art. 76)."""

    HIGHER = "higher", _("Высшее образование")
    VOCATIONAL = "vocational", _("Среднее профессиональное образование")
    STUDENT = "student", _("Получаю высшее или среднее профессиональное образование")


class EducationRecord(models.Model):
    """The trainee's data for ФИС ФРДО, with the consent it was given under."""

    application = models.OneToOneField(
        "applications.Application",
        verbose_name=_("участник"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="education_record",
    )
    snils = models.CharField(_("СНИЛС"), max_length=11)
    sex = models.CharField(_("пол"), max_length=1, choices=Sex.choices)
    citizenship = models.CharField(
        _("гражданство (код ОКСМ)"), max_length=3, default="643", help_text=_("643 — Россия.")
    )
    education_level = models.CharField(_("образование"), max_length=16, choices=EducationLevel.choices)
    diploma_last_name = models.CharField(_("фамилия в дипломе"), max_length=128, blank=True)
    diploma_series = models.CharField(_("серия диплома"), max_length=16, blank=True)
    diploma_number = models.CharField(_("номер диплома"), max_length=32, blank=True)
    consent = models.ForeignKey(
        "accounts.Consent", verbose_name=_("согласие"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("сведения для ФИС ФРДО")
        verbose_name_plural = _("сведения для ФИС ФРДО")
        ordering = ["application_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(snils__regex=r"^[0-9]{11}$"), name="modules_record_snils_digits"
            ),
        ]

    def __str__(self) -> str:
        return str(self.application)

    @property
    def snils_display(self) -> str:
        s = self.snils
        return f"{s[:3]}-{s[3:6]}-{s[6:9]} {s[9:]}"
