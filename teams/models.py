"""The teams of the team module: one per direction and season, its members (confirmed
finalists), the finalists' wishes for a direction, every change of membership, and the
formation runs organizers start from the admin.

The services in ``teams/services.py`` are the only writers; a team's ``size`` is kept by
them under a row lock and a check constraint holds it at capacity whatever races."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from modules.models import Finalist


class Team(models.Model):
    season = models.ForeignKey(
        "tracks.Season", verbose_name=_("сезон"), on_delete=models.CASCADE, related_name="teams"
    )
    direction = models.ForeignKey(
        "tracks.Direction", verbose_name=_("направление"), on_delete=models.PROTECT, related_name="teams"
    )
    # The team's number in its season (the directions' order): the schedule's sessions
    # for one team name it (``modules.Session.team_number``).
    number = models.PositiveSmallIntegerField(_("номер"))
    # Copied from the season when the team is made, so a later edit of the season's
    # team size does not silently overfill a team; organizers may change it here.
    capacity = models.PositiveSmallIntegerField(_("мест в команде"))
    # Members now: written only by the services, in the same transaction as the
    # memberships, so the constraint below refuses an overfull team on every database.
    size = models.PositiveSmallIntegerField(_("участников"), default=0)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("команда")
        verbose_name_plural = _("команды")
        ordering = ["season_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["season", "direction"], name="teams_team_one_per_direction"),
            models.UniqueConstraint(fields=["season", "number"], name="teams_team_number_once"),
            models.CheckConstraint(condition=Q(size__lte=F("capacity")), name="teams_team_within_capacity"),
        ]

    def __str__(self) -> str:
        return str(_("Команда «%(direction)s»") % {"direction": self.direction.name_i18n})

    @property
    def is_full(self) -> bool:
        return self.size >= self.capacity


class MembershipSource(models.TextChoices):
    FORMATION = "formation", _("Формирование команд")
    MANUAL = "manual", _("Организатор вручную")


class Membership(models.Model):
    """A confirmed finalist's place in their season's team: one at most per person."""

    team = models.ForeignKey(
        Team, verbose_name=_("команда"), on_delete=models.PROTECT, related_name="memberships"
    )
    finalist = models.OneToOneField(
        "modules.Finalist",
        verbose_name=_("участник"),
        on_delete=models.CASCADE,
        related_name="team_membership",
    )
    # A locked member stays in their team when the formation runs again.
    locked = models.BooleanField(_("закреплён"), default=False)
    source = models.CharField(_("как назначен"), max_length=16, choices=MembershipSource.choices)
    joined_at = models.DateTimeField(_("в команде с"))
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("участник команды")
        verbose_name_plural = _("участники команд")
        ordering = ["team_id", "finalist__role", "finalist__application__last_name", "pk"]

    def __str__(self) -> str:
        return str(self.finalist)


class MembershipAction(models.TextChoices):
    FORMED = "formed", _("Назначен формированием")
    MOVED = "moved", _("Переведён")
    LOCKED = "locked", _("Закреплён")
    UNLOCKED = "unlocked", _("Откреплён")
    LEFT = "left", _("Выбыл из команды")


class MembershipChange(models.Model):
    """One step of a person's way through the teams: who, when, from, to and why."""

    finalist = models.ForeignKey(
        "modules.Finalist", verbose_name=_("участник"), on_delete=models.CASCADE, related_name="team_changes"
    )
    action = models.CharField(_("действие"), max_length=16, choices=MembershipAction.choices)
    from_team = models.ForeignKey(
        Team, verbose_name=_("из команды"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_team = models.ForeignKey(
        Team, verbose_name=_("в команду"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
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
        verbose_name = _("изменение состава команды")
        verbose_name_plural = _("история составов команд")
        ordering = ["finalist_id", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.finalist_id}"


class TeamPreference(models.Model):
    """The directions a finalist would like to work in, best first, stated in the cabinet
    when they confirm participation."""

    finalist = models.OneToOneField(
        "modules.Finalist",
        verbose_name=_("участник"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="team_preference",
    )
    # Direction codes, best first; codes rather than ids so the formation core reads them as they are.
    directions = models.JSONField(_("направления по желанию"), default=list)
    updated_at = models.DateTimeField(_("изменено"))

    class Meta:
        verbose_name = _("пожелание по команде")
        verbose_name_plural = _("пожелания по командам")

    def __str__(self) -> str:
        return ", ".join(self.directions)


class FormationRunStatus(models.TextChoices):
    QUEUED = "queued", _("В очереди")
    RUNNING = "running", _("Считается")
    READY = "ready", _("Рассчитано")
    APPLIED = "applied", _("Применено")
    FAILED = "failed", _("Не удалось")
    STALE = "stale", _("Устарело")


class FormationRun(models.Model):
    """One calculation of the season's teams: a dry run an organizer looks at, then
    applies, or a failure that says why. Large inputs are computed by a Celery job that
    writes its progress here."""

    season = models.ForeignKey(
        "tracks.Season", verbose_name=_("сезон"), on_delete=models.CASCADE, related_name="formation_runs"
    )
    status = models.CharField(
        _("состояние"), max_length=16, choices=FormationRunStatus.choices, default=FormationRunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("готово, %"), default=0)
    people_count = models.PositiveIntegerField(_("участников"), default=0)
    # {"assignment": {finalist id: direction code}, "metrics": {...}}: what will be applied.
    result = models.JSONField(_("результат"), default=dict, blank=True)
    # A fingerprint of the finalists, their wishes and the locked members when computed:
    # a run whose input has changed since is not applied.
    input_digest = models.CharField(_("отпечаток входных данных"), max_length=64, blank=True)
    error = models.TextField(_("ошибка"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто запустил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("запущено"), auto_now_add=True)
    finished_at = models.DateTimeField(_("рассчитано"), null=True, blank=True)
    applied_at = models.DateTimeField(_("применено"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто применил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("расчёт команд")
        verbose_name_plural = _("расчёты команд")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="teams_formation_run_progress_percent"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Расчёт №%(number)s") % {"number": self.pk})


class FinalistWishes(Finalist):
    """The confirmed finalists seen from the teams' side: whether and what they stated
    for a team, for the organizers' list of who has not (``teams/admin/preferences.py``)."""

    class Meta:
        proxy = True
        verbose_name = _("финалист командного модуля")
        verbose_name_plural = _("финалисты командного модуля")
