"""Experts: the directions they judge, the ministry they work for and the conflicts of
interest they declared."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ExpertProfile(models.Model):
    """An expert of the portal: the directions they judge and what they declared."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("эксперт"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="expert_profile",
    )
    directions = models.ManyToManyField(
        "tracks.Direction", verbose_name=_("оценивает направления"), related_name="+"
    )
    ministry = models.ForeignKey(
        "tracks.Direction",
        verbose_name=_("работает в министерстве"),
        help_text=_("Заявки представителей этого министерства эксперту не назначаются."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organization = models.CharField(_("место работы"), max_length=255, blank=True)
    is_active = models.BooleanField(_("работает"), default=True)
    invited_at = models.DateTimeField(_("приглашён"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто пригласил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    deactivated_at = models.DateTimeField(_("отстранён"), null=True, blank=True)

    class Meta:
        verbose_name = _("эксперт")
        verbose_name_plural = _("эксперты")
        ordering = ["user__last_name", "user__first_name", "user__email"]

    def __str__(self) -> str:
        return str(self.user)


class ExpertConflict(models.Model):
    """A conflict of interest an expert declared: a person, an organization or a region."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Человек")
        ORGANIZATION = "organization", _("Организация")
        REGION = "region", _("Регион")

    expert = models.ForeignKey(
        ExpertProfile, verbose_name=_("эксперт"), on_delete=models.CASCADE, related_name="conflicts"
    )
    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("заявитель"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    organization = models.CharField(
        _("организация"),
        max_length=255,
        blank=True,
        help_text=_("Заявки представителей, в департаменте которых есть это название."),
    )
    region = models.ForeignKey(
        "tracks.Region", verbose_name=_("регион"), on_delete=models.PROTECT, null=True, blank=True
    )
    note = models.CharField(_("пояснение"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("конфликт интересов")
        verbose_name_plural = _("конфликты интересов")
        ordering = ["expert_id", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="person", person__isnull=False, organization="", region__isnull=True)
                    | Q(kind="organization", person__isnull=True, region__isnull=True) & ~Q(organization="")
                    | Q(kind="region", person__isnull=True, organization="", region__isnull=False)
                ),
                name="review_conflict_names_its_kind",
            ),
        ]

    def __str__(self) -> str:
        subject = self.person or self.organization or self.region
        return f"{self.get_kind_display()}: {subject}"
