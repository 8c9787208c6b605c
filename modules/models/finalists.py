"""The finalists: who goes on to the team module, who waits, who confirmed, and every
step of it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models import ApplicantRole


class FinalistStatus(models.TextChoices):
    # Until organizers publish the list, the person sees nothing of it.
    PROPOSED = "proposed", _("Предложен в финалисты")
    RESERVE = "reserve", _("Предложен в лист ожидания")
    INVITED = "invited", _("Приглашён в командный модуль")
    WAITING = "waiting", _("В листе ожидания")
    CONFIRMED = "confirmed", _("Участие подтверждено")
    DECLINED = "declined", _("Отказался от участия")
    EXPIRED = "expired", _("Не подтвердил участие в срок")


# Statuses the person sees; the proposed ones are the organizers' draft.
PUBLISHED_STATUSES = frozenset(
    {
        FinalistStatus.INVITED,
        FinalistStatus.WAITING,
        FinalistStatus.CONFIRMED,
        FinalistStatus.DECLINED,
        FinalistStatus.EXPIRED,
    }
)
# Statuses that hold a seat in the team module.
SEATED_STATUSES = frozenset({FinalistStatus.INVITED, FinalistStatus.CONFIRMED})


class Skill(models.TextChoices):
    """What a finalist brings to a team, for team formation."""

    SCRIPT = "script", _("Сценарий и тексты")
    CAMERA = "camera", _("Съёмка")
    EDITING = "editing", _("Монтаж")
    DESIGN = "design", _("Дизайн и графика")
    PROMOTION = "promotion", _("Продвижение в соцсетях")
    PRODUCING = "producing", _("Продюсирование и управление проектом")
    EXPERTISE = "expertise", _("Отраслевая экспертиза")


class Finalist(models.Model):
    season = models.ForeignKey(
        "tracks.Season", verbose_name=_("сезон"), on_delete=models.CASCADE, related_name="finalists"
    )
    application = models.OneToOneField(
        "applications.Application",
        verbose_name=_("участник"),
        on_delete=models.CASCADE,
        related_name="finalist",
    )
    role = models.CharField(_("роль"), max_length=16, choices=ApplicantRole.choices)
    direction = models.ForeignKey(
        "tracks.Direction", verbose_name=_("направление"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("статус"), max_length=16, choices=FinalistStatus.choices)
    # The ranking as it was when the list was proposed: the reasons stay readable.
    score = models.FloatField(_("итоговый балл"))
    programme_score = models.FloatField(_("результат программы"))
    review_score = models.FloatField(_("оценка экспертизы"))
    rule = models.CharField(_("что решило"), max_length=32)
    # The seat in the team module, numbered per season: held while invited or confirmed
    # and handed to whoever is promoted from the waiting list.
    seat = models.PositiveSmallIntegerField(_("место"), null=True, blank=True)
    waiting_position = models.PositiveSmallIntegerField(_("место в листе ожидания"), null=True, blank=True)
    invited_at = models.DateTimeField(_("приглашён"), null=True, blank=True)
    confirm_by = models.DateTimeField(_("подтвердить до"), null=True, blank=True)
    decided_at = models.DateTimeField(_("ответил"), null=True, blank=True)
    skills = models.JSONField(_("что умеет"), default=list, blank=True)
    accommodation_needed = models.BooleanField(_("нужно проживание в «Сенеже»"), null=True, blank=True)
    preferences_updated_at = models.DateTimeField(_("пожелания обновлены"), null=True, blank=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("финалист")
        verbose_name_plural = _("финалисты")
        ordering = ["season_id", "direction_id", "role", "seat", "waiting_position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "seat"], condition=Q(seat__isnull=False), name="modules_finalist_seat_once"
            ),
            models.UniqueConstraint(
                fields=["season", "direction", "role", "waiting_position"],
                condition=Q(waiting_position__isnull=False),
                name="modules_finalist_waiting_position_once",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["invited", "confirmed"], seat__isnull=False)
                | (~Q(status__in=["invited", "confirmed"]) & Q(seat__isnull=True)),
                name="modules_finalist_seated_iff_invited_or_confirmed",
            ),
            models.CheckConstraint(
                condition=~Q(status="invited") | Q(confirm_by__isnull=False),
                name="modules_finalist_invited_has_deadline",
            ),
        ]
        indexes = [models.Index(fields=["season", "status"], name="modules_finalist_status")]

    def __str__(self) -> str:
        return str(self.application)

    @property
    def is_published(self) -> bool:
        return self.status in PUBLISHED_STATUSES


class FinalistChange(models.Model):
    """One step of a finalist's way: who, when, from, to and why."""

    finalist = models.ForeignKey(Finalist, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(_("из статуса"), max_length=16, choices=FinalistStatus.choices, blank=True)
    to_status = models.CharField(_("в статус"), max_length=16, choices=FinalistStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто изменил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("когда"))
    reason = models.TextField(_("причина"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("шаг финалиста")
        verbose_name_plural = _("история финалистов")
        ordering = ["finalist_id", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"
