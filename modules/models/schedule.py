"""What happens inside the season's stages: sessions of the programme, of the team
module and of the final, each for an audience; the personal calendar feeds; the stage
times last announced, against which a move is noticed."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Whom a session concerns."""

    SELECTED = "selected", _("Все отобранные участники")
    DIRECTION = "direction", _("Участники направления")
    FINALISTS = "finalists", _("Финалисты")
    TEAM = "team", _("Команда")


class Session(models.Model):
    stage = models.ForeignKey(
        "tracks.Stage", verbose_name=_("этап"), on_delete=models.PROTECT, related_name="sessions"
    )
    # Programme sessions belong to a module and count toward attendance; the team
    # module's and the final's do not.
    module = models.ForeignKey(
        "modules.Module",
        verbose_name=_("модуль программы"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    title = models.CharField(_("тема"), max_length=255)
    description = models.TextField(_("описание"), blank=True)
    lecturer = models.CharField(_("ведущий"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("начало"))
    ends_at = models.DateTimeField(_("окончание"))
    online_url = models.URLField(_("ссылка на трансляцию"), max_length=500, blank=True)
    room = models.CharField(_("аудитория в «Сенеже»"), max_length=255, blank=True)
    audience = models.CharField(
        _("для кого"), max_length=16, choices=Audience.choices, default=Audience.SELECTED
    )
    direction = models.ForeignKey(
        "tracks.Direction",
        verbose_name=_("направление"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    team_number = models.PositiveSmallIntegerField(_("номер команды"), null=True, blank=True)
    is_public = models.BooleanField(
        _("в открытом расписании"), default=False, help_text=_("Показывать на публичной странице расписания.")
    )
    # Counts the moves; calendar apps replace an event whose sequence grew, and each
    # move is told once under its own number.
    sequence = models.PositiveIntegerField(_("переносов"), default=0, editable=False)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("занятие")
        verbose_name_plural = _("расписание занятий")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="modules_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(online_url="") | ~Q(room=""), name="modules_session_has_a_place"
            ),
            models.CheckConstraint(
                condition=Q(audience="direction", direction__isnull=False)
                | (~Q(audience="direction") & Q(direction__isnull=True)),
                name="modules_session_direction_for_direction_audience",
            ),
            models.CheckConstraint(
                condition=Q(audience="team", team_number__isnull=False)
                | (~Q(audience="team") & Q(team_number__isnull=True)),
                name="modules_session_team_for_team_audience",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"], name="modules_session_starts")]

    def __str__(self) -> str:
        return self.title

    @property
    def place(self) -> str:
        return self.room or self.online_url


class CalendarFeed(models.Model):
    """A person's secret calendar address. A new token replaces the old one, whose
    address then answers 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("пользователь"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="calendar_feed",
    )
    token = models.CharField(_("секрет"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("создан"))

    class Meta:
        verbose_name = _("календарь участника")
        verbose_name_plural = _("календари участников")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.user)


class StageAnnouncement(models.Model):
    """A stage's dates as its people last heard them; a stage saved with other dates is
    a move to tell them about (services.schedule.stage_moves_announce)."""

    stage = models.OneToOneField(
        "tracks.Stage", on_delete=models.CASCADE, primary_key=True, related_name="announcement"
    )
    starts_at = models.DateTimeField(_("начало"))
    ends_at = models.DateTimeField(_("окончание"))
    moves = models.PositiveIntegerField(_("переносов"), default=0)

    class Meta:
        verbose_name = _("объявленные сроки этапа")
        verbose_name_plural = _("объявленные сроки этапов")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return str(self.stage)
