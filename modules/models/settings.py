"""The programme stage's part of a season's configuration, edited by organizers in the
admin: the completion rule, the finalists' blend, the days to confirm, the certificate
numbering. One row per season; tracks.Season knows nothing of it."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class ProgrammeSettings(models.Model):
    season = models.OneToOneField(
        "tracks.Season",
        verbose_name=_("сезон"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="programme_settings",
    )
    # What the certificate and the register call the programme and who runs it.
    programme_name = models.CharField(
        _("название программы ДПО"), max_length=255, default="Медиакоммуникации для государственных проектов"
    )
    issuer_name = models.CharField(
        _("организация, выдающая удостоверения"), max_length=255, default="Мастерская управления «Сенеж»"
    )
    study_form = models.CharField(_("форма обучения"), max_length=64, default="Очно-заочная")
    funding_source = models.CharField(
        _("источник финансирования обучения"), max_length=128, default="Федеральный бюджет"
    )
    # The completion rule.
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("минимальная посещаемость, %"),
        default=75,
        validators=PERCENT,
        help_text=_("Доля занятий программы, которые нужно посетить, чтобы получить удостоверение."),
    )
    pass_percent = models.PositiveSmallIntegerField(
        _("проходной балл задания, % от максимума"),
        default=60,
        validators=PERCENT,
        help_text=_("Задание сдано, если оценка не ниже этой доли максимального балла."),
    )
    # The finalists' ranking.
    programme_weight_percent = models.PositiveSmallIntegerField(
        _("вес результатов программы в рейтинге финалистов, %"),
        default=50,
        validators=PERCENT,
        help_text=_("Остальное — оценка экспертизы портфолио."),
    )
    officials_per_team = models.PositiveSmallIntegerField(
        _("представителей министерства в команде"),
        null=True,
        blank=True,
        help_text=_("Пусто — в той же доле, что в квотах отбора."),
    )
    confirm_days = models.PositiveSmallIntegerField(
        _("дней на подтверждение участия"), default=5, validators=[MinValueValidator(1)]
    )
    confirmation_reminder_hours = models.PositiveSmallIntegerField(
        _("напомнить о подтверждении за, часов"), default=24
    )
    session_reminder_hours = models.PositiveSmallIntegerField(_("напомнить о занятии за, часов"), default=24)
    # Certificate numbers: PREFIX-00001, counted per season from the first number.
    certificate_prefix = models.CharField(
        _("префикс номера удостоверения"),
        max_length=16,
        default="MK",
        validators=[
            RegexValidator(r"^[A-Z0-9]+(-[A-Z0-9]+)*$", _("Латинские заглавные буквы, цифры и дефисы."))
        ],
        help_text=_("Номер попадает в адрес страницы проверки, поэтому только латиница, цифры и дефис."),
    )
    certificate_first_number = models.PositiveIntegerField(_("первый номер удостоверения"), default=1)
    certificate_digits = models.PositiveSmallIntegerField(
        _("цифр в номере удостоверения"), default=5, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("настройки программы сезона")
        verbose_name_plural = _("настройки программы сезона")
        ordering = ["-season__number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100)
                & Q(pass_percent__lte=100)
                & Q(programme_weight_percent__lte=100),
                name="modules_settings_percents",
            ),
            models.CheckConstraint(condition=Q(confirm_days__gte=1), name="modules_settings_confirm_days"),
        ]

    def __str__(self) -> str:
        return str(self.season)

    @classmethod
    def for_season(cls, season) -> "ProgrammeSettings":
        """The season's row, or the defaults (unsaved) until organizers save one."""
        found = cls.objects.filter(season_id=season.pk).first()
        return found or cls(season=season, certificate_prefix=f"MK{season.number}")

    @property
    def programme_weight(self) -> float:
        return self.programme_weight_percent / 100

    def officials_in_team(self, season) -> int:
        """Officials in each direction's team: the configured number, or the selection
        quotas' share of the team, rounded."""
        if self.officials_per_team is not None:
            return min(self.officials_per_team, season.team_size)
        if not season.selection_quota:
            return 0
        return round(season.team_size * season.officials_quota / season.selection_quota)

    def certificate_number(self, sequence: int) -> str:
        return f"{self.certificate_prefix}-{sequence:0{self.certificate_digits}d}"
