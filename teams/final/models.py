"""The final at «Сенеж»: its season settings, the teams' presentation slots (sessions of
the schedule, so they reach the cabinet and the calendar feeds), the presentations with
every version kept, the jury with its criteria and scores, and the published results.

The services in ``teams/final/services`` are the only writers."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FinalSettings(models.Model):
    """The final's part of a season's configuration, edited by organizers."""

    season = models.OneToOneField(
        "tracks.Season",
        verbose_name=_("сезон"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="final_settings",
    )
    presentation_deadline = models.DateTimeField(
        _("срок загрузки презентаций"),
        help_text=_("После срока показывается последняя загруженная до него версия; заменить её нельзя."),
    )
    presentation_max_mb = models.PositiveSmallIntegerField(
        _("наибольший размер презентации, МБ"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )

    class Meta:
        verbose_name = _("настройки финала")
        verbose_name_plural = _("настройки финала")

    def __str__(self) -> str:
        return str(self.season)


class PresentationSlot(models.Model):
    """A team's presentation at the final: a session of the schedule for that team."""

    team = models.OneToOneField(
        "teams.Team", verbose_name=_("команда"), on_delete=models.CASCADE, related_name="presentation_slot"
    )
    session = models.OneToOneField(
        "modules.Session", verbose_name=_("занятие в расписании"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("слот презентации")
        verbose_name_plural = _("слоты презентаций")
        ordering = ["session__starts_at", "team__number"]

    def __str__(self) -> str:
        return str(self.team)


class Presentation(models.Model):
    """A team's final presentation: its versions, the video link, and, once the deadline
    has passed, the version that is shown."""

    team = models.OneToOneField(
        "teams.Team", verbose_name=_("команда"), on_delete=models.CASCADE, related_name="presentation"
    )
    video_url = models.URLField(_("ссылка на видео"), max_length=500, blank=True)
    shown_version = models.ForeignKey(
        "PresentationVersion",
        verbose_name=_("показываемая версия"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    locked_at = models.DateTimeField(_("закреплена"), null=True, blank=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        verbose_name = _("презентация")
        verbose_name_plural = _("презентации")
        ordering = ["team__season_id", "team__number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(locked_at__isnull=True) | Q(shown_version__isnull=False),
                name="final_presentation_locked_shows_a_version",
            ),
        ]

    def __str__(self) -> str:
        return str(self.team)


def presentation_upload_path(instance: "PresentationVersion", filename: str) -> str:
    """A random name, as for portfolio files: the path reveals nothing."""
    return f"private/presentations/{uuid.uuid4().hex}.pdf"


class PresentationVersion(models.Model):
    """One upload of a presentation: never replaced or deleted, so every version stays."""

    presentation = models.ForeignKey(
        Presentation, verbose_name=_("презентация"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("версия"))
    file = models.FileField(_("файл"), upload_to=presentation_upload_path, max_length=255)
    original_name = models.CharField(_("имя файла"), max_length=255)
    size = models.PositiveIntegerField(_("размер, байт"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто загрузил"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("загружена"))

    class Meta:
        verbose_name = _("версия презентации")
        verbose_name_plural = _("версии презентаций")
        ordering = ["presentation_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["presentation", "number"], name="final_presentation_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.presentation} v{self.number}"


class FinalCriterion(models.Model):
    """A criterion the jury scores each project on, with its scale and weight."""

    season = models.ForeignKey(
        "tracks.Season", verbose_name=_("сезон"), on_delete=models.CASCADE, related_name="final_criteria"
    )
    name = models.CharField(_("название"), max_length=200)
    name_en = models.CharField(_("название по-английски"), max_length=200, blank=True)
    description = models.TextField(_("что оценивается"), blank=True)
    max_score = models.PositiveSmallIntegerField(
        _("наибольший балл"), default=10, validators=[MinValueValidator(1)]
    )
    weight = models.PositiveSmallIntegerField(_("вес"), default=1, validators=[MinValueValidator(1)])
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("критерий финала")
        verbose_name_plural = _("критерии финала")
        ordering = ["season_id", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["season", "name"], name="final_criterion_name_once")]

    def __str__(self) -> str:
        return self.name


class Juror(models.Model):
    """A member of the final's jury: ministry leadership or an invited expert. With
    directions named, they score only those directions' projects."""

    season = models.ForeignKey(
        "tracks.Season", verbose_name=_("сезон"), on_delete=models.CASCADE, related_name="jurors"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("член жюри"),
        on_delete=models.CASCADE,
        related_name="juror_seats",
    )
    directions = models.ManyToManyField(
        "tracks.Direction",
        verbose_name=_("направления"),
        blank=True,
        related_name="+",
        help_text=_("Пусто — оценивает проекты всех направлений."),
    )
    added_at = models.DateTimeField(_("включён в жюри"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто включил"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("член жюри")
        verbose_name_plural = _("жюри финала")
        ordering = ["season_id", "user__last_name", "user__email"]
        constraints = [models.UniqueConstraint(fields=["season", "user"], name="final_juror_once_per_season")]

    def __str__(self) -> str:
        return str(self.user)


class JuryScore(models.Model):
    juror = models.ForeignKey(
        Juror, verbose_name=_("член жюри"), on_delete=models.CASCADE, related_name="scores"
    )
    project = models.ForeignKey(
        "projects.MediaProject",
        verbose_name=_("проект"),
        on_delete=models.CASCADE,
        related_name="jury_scores",
    )
    criterion = models.ForeignKey(
        FinalCriterion, verbose_name=_("критерий"), on_delete=models.PROTECT, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(_("балл"))
    comment = models.TextField(_("комментарий"), max_length=2000, blank=True)
    scored_at = models.DateTimeField(_("оценено"))

    class Meta:
        verbose_name = _("оценка жюри")
        verbose_name_plural = _("оценки жюри")
        ordering = ["juror_id", "project_id", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["juror", "project", "criterion"], name="final_score_once"),
        ]

    def __str__(self) -> str:
        return f"{self.juror} → {self.project}: {self.score}"


class FinalResults(models.Model):
    """The jury's results as published: computed once by the publishing service and kept
    as they were, so the public page does not move if a score is changed afterwards."""

    season = models.OneToOneField(
        "tracks.Season",
        verbose_name=_("сезон"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="final_results",
    )
    # {"overall": [...], "by_direction": {code: [...]}, "projects": [...]}: the table as published.
    results = models.JSONField(_("результаты"))
    published_at = models.DateTimeField(_("опубликованы"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто опубликовал"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("итоги финала")
        verbose_name_plural = _("итоги финала")

    def __str__(self) -> str:
        return str(self.season)
