"""How the season's review runs: its settings, the scoring form's criteria and the
selection's minimums per role and direction."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from applications.models import ApplicantRole


class ReviewSettings(models.Model):
    """How the season's expert review runs. A season without a row has the defaults."""

    season = models.OneToOneField(
        "tracks.Season",
        verbose_name=_("сезон"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="review_settings",
    )
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("экспертов на заявку"), default=2, help_text=_("Сколько разных экспертов оценивают каждую заявку.")
    )
    due_days = models.PositiveSmallIntegerField(
        _("дней на оценку"), default=7, help_text=_("Срок оценки: столько дней от назначения.")
    )
    disagreement_threshold = models.FloatField(
        _("порог расхождения"),
        default=1.5,
        help_text=_(
            "Если нормированные оценки двух экспертов отличаются больше чем на столько стандартных "
            "отклонений, заявке автоматически назначается ещё один эксперт."
        ),
    )
    comparable_after = models.PositiveSmallIntegerField(
        _("оценок до сравнения"),
        default=5,
        help_text=_(
            "Оценки эксперта сравниваются с чужими, когда он оценил столько заявок: по одной-двум "
            "оценкам его строгость ещё не видна."
        ),
    )
    blind_review = models.BooleanField(
        _("слепая экспертиза"),
        default=True,
        help_text=_(
            "Эксперты не видят ФИО, фото, контактов, региона и ссылок на аккаунты; цифры аккаунтов остаются."
        ),
    )
    comments_to_applicants = models.BooleanField(
        _("показывать комментарии заявителям"),
        default=False,
        help_text=_("После публикации итогов заявитель видит комментарии экспертов без их имён."),
    )
    updated_at = models.DateTimeField(_("изменены"), auto_now=True)

    class Meta:
        verbose_name = _("настройки экспертизы")
        verbose_name_plural = _("настройки экспертизы")
        ordering = ["-season__number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewers_per_application__gte=1), name="review_settings_reviewers_positive"
            ),
            models.CheckConstraint(condition=Q(due_days__gte=1), name="review_settings_due_days_positive"),
            models.CheckConstraint(
                condition=Q(disagreement_threshold__gt=0), name="review_settings_threshold_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(self.season)


class Criterion(models.Model):
    """One line of the season's scoring form. An expert's total is the sum of weight × score."""

    # The settings' key is the season's, so review_settings_id is the season's id.
    review_settings = models.ForeignKey(
        ReviewSettings,
        verbose_name=_("настройки экспертизы"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    name = models.CharField(_("название"), max_length=128)
    name_en = models.CharField(_("название по-английски"), max_length=128)
    description = models.TextField(_("что оценивать"), blank=True)
    description_en = models.TextField(_("что оценивать, по-английски"), blank=True)
    weight = models.DecimalField(_("вес"), max_digits=5, decimal_places=2, default=1)
    scale_min = models.PositiveSmallIntegerField(_("низший балл"), default=0)
    scale_max = models.PositiveSmallIntegerField(_("высший балл"), default=10)
    position = models.PositiveSmallIntegerField(_("порядок"), default=1)

    class Meta:
        verbose_name = _("критерий оценки")
        verbose_name_plural = _("критерии оценки")
        ordering = ["review_settings_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review_settings", "name"], name="review_criterion_name_once"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="review_criterion_weight_positive"),
            # A scale an expert can tick through on a phone: two to twenty-one points.
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min"), scale_max__lte=F("scale_min") + 20),
                name="review_criterion_scale_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SelectionMinimum(models.Model):
    """At least this many of a role from a direction are selected, where that many apply:
    every ministry gets officials and every direction bloggers."""

    review_settings = models.ForeignKey(
        ReviewSettings,
        verbose_name=_("настройки экспертизы"),
        on_delete=models.CASCADE,
        related_name="minimums",
    )
    role = models.CharField(_("роль"), max_length=16, choices=ApplicantRole.choices)
    direction = models.ForeignKey("tracks.Direction", verbose_name=_("направление"), on_delete=models.PROTECT)
    minimum = models.PositiveIntegerField(_("не меньше"))

    class Meta:
        verbose_name = _("минимум отбора")
        verbose_name_plural = _("минимумы отбора")
        ordering = ["review_settings_id", "role", "direction_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review_settings", "role", "direction"], name="review_minimum_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.direction}: {self.minimum}"
