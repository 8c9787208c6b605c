"""An expert's review of an assigned application and its score per criterion."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models import ReviewAssignment
from applications.review.models.settings import Criterion


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    SUBMITTED = "submitted", _("Отправлена")


class Review(models.Model):
    """An expert's review of the application they were assigned."""

    assignment = models.OneToOneField(
        ReviewAssignment,
        verbose_name=_("назначение"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="review",
    )
    state = models.CharField(
        _("состояние"), max_length=16, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    comment = models.TextField(_("комментарий"), max_length=3000, blank=True)
    # Set on submission: the weighted total, and its z-score against the expert's other
    # totals (applications.scoring), kept current by the review services so that lists
    # can sort and average in SQL.
    total = models.FloatField(_("итог"), null=True, blank=True)
    z_score = models.FloatField(_("нормированная оценка"), null=True, blank=True)
    created_at = models.DateTimeField(_("начата"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)
    submitted_at = models.DateTimeField(_("отправлена"), null=True, blank=True)

    class Meta:
        verbose_name = _("оценка эксперта")
        verbose_name_plural = _("оценки экспертов")
        ordering = ["assignment_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="draft")
                | Q(total__isnull=False, z_score__isnull=False, submitted_at__isnull=False),
                name="review_submitted_has_total",
            ),
        ]

    def __str__(self) -> str:
        return str(self.assignment)


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("критерий"), on_delete=models.PROTECT)
    value = models.PositiveSmallIntegerField(_("балл"))

    class Meta:
        verbose_name = _("балл")
        verbose_name_plural = _("баллы")
        ordering = ["review_id", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="review_score_once_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
