"""The season's selection: the proposal kept for organizers, their overrides, and the
one publication."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models import ApplicantRole, Application, ApplicationStatus


class Selection(models.Model):
    """The season's selection: when the proposal was last computed and, once, when it
    was published. Publishing locks this row, so two organizers get one result."""

    season = models.OneToOneField(
        "tracks.Season",
        verbose_name=_("сезон"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="selection",
    )
    proposed_at = models.DateTimeField(_("предложение рассчитано"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто рассчитал"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("итоги опубликованы"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто опубликовал"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("отбор")
        verbose_name_plural = _("отбор")
        ordering = ["-season__number"]

    def __str__(self) -> str:
        return str(self.season)


class Decision(models.TextChoices):
    SELECTED = ApplicationStatus.SELECTED.value, ApplicationStatus.SELECTED.label
    NOT_SELECTED = ApplicationStatus.NOT_SELECTED.value, ApplicationStatus.NOT_SELECTED.label


class Proposed(models.TextChoices):
    SELECTED = Decision.SELECTED.value, Decision.SELECTED.label
    NOT_SELECTED = Decision.NOT_SELECTED.value, Decision.NOT_SELECTED.label
    HELD_OUT = "held_out", _("Отложена")


class HeldOut(models.TextChoices):
    DUPLICATE = "duplicate", _("Не разобран возможный дубль")
    MISSING_REVIEWS = "missing_reviews", _("Не хватает оценок")


class SelectionDecision(models.Model):
    """One application in the proposal: its standing when the proposal was computed, the
    proposed decision and, where an organizer overrode it, theirs with the reason."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("заявка"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="selection_decision",
    )
    selection = models.ForeignKey(
        Selection, verbose_name=_("отбор"), on_delete=models.CASCADE, related_name="decisions"
    )
    role = models.CharField(_("роль"), max_length=16, choices=ApplicantRole.choices)
    direction = models.ForeignKey(
        "tracks.Direction", verbose_name=_("первое направление"), on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveIntegerField(_("место"), null=True, blank=True)
    score = models.FloatField(_("балл"), null=True, blank=True)
    disagreement = models.FloatField(_("расхождение"), null=True, blank=True)
    reviews_done = models.PositiveSmallIntegerField(_("оценок"), default=0)
    proposed = models.CharField(_("предложено"), max_length=16, choices=Proposed.choices)
    held_out_reason = models.CharField(
        _("почему отложена"), max_length=16, choices=HeldOut.choices, blank=True
    )
    override = models.CharField(
        _("решение организатора"), max_length=16, choices=Decision.choices, blank=True
    )
    override_reason = models.TextField(_("обоснование"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто изменил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    overridden_at = models.DateTimeField(_("когда изменено"), null=True, blank=True)

    class Meta:
        verbose_name = _("решение по заявке")
        verbose_name_plural = _("отбор: решения по заявкам")
        ordering = ["role", "rank", "application_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(override="") | ~Q(override_reason=""), name="review_override_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(proposed="held_out", held_out_reason__in=HeldOut.values)
                | (~Q(proposed="held_out") & Q(held_out_reason="")),
                name="review_held_out_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["selection", "role", "rank"], name="review_decision_ranking")]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_final_display()}"

    @property
    def final(self) -> str:
        """The decision publishing applies: the organizer's, else the proposed one; ""
        for an application held out that no organizer decided."""
        if self.override:
            return self.override
        return "" if self.proposed == Proposed.HELD_OUT else self.proposed

    def get_final_display(self) -> str:
        return str(Decision(self.final).label) if self.final else str(Proposed.HELD_OUT.label)
