"""A team's media projects and the three months of their refinement: the links where the
content is published, the checkpoints with their reach figures and progress notes, the
curators' comments, and the history of every change.

The services in ``teams/projects/services.py`` are the only writers."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectFormat(models.TextChoices):
    VIDEO = "video", _("Видео")
    PODCAST = "podcast", _("Подкаст")
    POSTS = "posts", _("Серия постов")
    LONGREAD = "longread", _("Лонгрид")
    SPECIAL = "special", _("Спецпроект")
    OTHER = "other", _("Другое")


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("Идея")
    PRODUCTION = "production", _("В производстве")
    PUBLISHED = "published", _("Опубликован")
    TESTED = "tested", _("Протестирован")


class Platform(models.TextChoices):
    VK = "vk", _("ВКонтакте")
    TELEGRAM = "telegram", _("Telegram")
    RUTUBE = "rutube", _("RUTUBE")
    DZEN = "dzen", _("Дзен")
    OK = "ok", _("Одноклассники")
    YOUTUBE = "youtube", _("YouTube")
    SITE = "site", _("Сайт или СМИ")
    OTHER = "other", _("Другая площадка")


class MediaProject(models.Model):
    team = models.ForeignKey(
        "teams.Team", verbose_name=_("команда"), on_delete=models.CASCADE, related_name="projects"
    )
    title = models.CharField(_("название"), max_length=200)
    goal = models.TextField(_("цель министерства, которой служит проект"), max_length=2000)
    format = models.CharField(_("формат"), max_length=16, choices=ProjectFormat.choices)
    # Platform codes (``Platform``) where the project is or will be published.
    platforms = models.JSONField(_("площадки"), default=list, blank=True)
    audience = models.CharField(_("аудитория"), max_length=500, blank=True)
    status = models.CharField(
        _("статус"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    responsible = models.ManyToManyField(
        "teams.Membership", verbose_name=_("ответственные"), blank=True, related_name="projects"
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)
    # Optimistic lock: a save from a stale tab carries an old version and is refused, so
    # two members editing at once do not overwrite each other unknowingly.
    version = models.PositiveIntegerField(_("версия"), default=1)

    class Meta:
        verbose_name = _("медиапроект")
        verbose_name_plural = _("медиапроекты")
        ordering = ["team_id", "title", "pk"]

    def __str__(self) -> str:
        return self.title


class ProjectLink(models.Model):
    """A piece of published content whose reach the checkpoints follow."""

    project = models.ForeignKey(
        MediaProject, verbose_name=_("проект"), on_delete=models.CASCADE, related_name="links"
    )
    url = models.URLField(_("ссылка"), max_length=500)
    platform = models.CharField(_("площадка"), max_length=16, choices=Platform.choices)
    title = models.CharField(_("что это"), max_length=200, blank=True)
    added_at = models.DateTimeField(_("добавлена"), auto_now_add=True)

    class Meta:
        verbose_name = _("ссылка на публикацию")
        verbose_name_plural = _("ссылки на публикации")
        ordering = ["project_id", "added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "url"], name="projects_link_once_per_project")
        ]

    def __str__(self) -> str:
        return self.url


class Checkpoint(models.Model):
    """A reporting date of the refinement (monthly by default): every project reports
    its reach and progress by ``due_at``."""

    season = models.ForeignKey(
        "tracks.Season", verbose_name=_("сезон"), on_delete=models.CASCADE, related_name="checkpoints"
    )
    number = models.PositiveSmallIntegerField(_("номер"))
    title = models.CharField(_("название"), max_length=128)
    due_at = models.DateTimeField(_("срок отчёта"))

    class Meta:
        verbose_name = _("контрольная точка")
        verbose_name_plural = _("контрольные точки")
        ordering = ["season_id", "due_at", "number"]
        constraints = [
            models.UniqueConstraint(fields=["season", "number"], name="projects_checkpoint_number_once")
        ]

    def __str__(self) -> str:
        return self.title


class CheckpointReport(models.Model):
    """A project's report at a checkpoint: a short progress note; the figures per link
    are ``ReachFigure`` rows of the same checkpoint."""

    project = models.ForeignKey(
        MediaProject, verbose_name=_("проект"), on_delete=models.CASCADE, related_name="reports"
    )
    checkpoint = models.ForeignKey(
        Checkpoint, verbose_name=_("контрольная точка"), on_delete=models.CASCADE, related_name="reports"
    )
    note = models.TextField(_("что сделано"), validators=[MaxLengthValidator(3000)])
    submitted_at = models.DateTimeField(_("отправлен"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто отправил"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # Set when first sent after the checkpoint's deadline and kept, so a later
    # correction does not hide that the report came late.
    is_late = models.BooleanField(_("с опозданием"), default=False)

    class Meta:
        verbose_name = _("отчёт по контрольной точке")
        verbose_name_plural = _("отчёты по контрольным точкам")
        ordering = ["project_id", "checkpoint__due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "checkpoint"], name="projects_report_once_per_checkpoint"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.checkpoint}"


class FigureSource(models.TextChoices):
    TEAM = "team", _("Команда")
    IMPORT = "import", _("Импорт организаторов")


class ReachFigure(models.Model):
    """A link's reach as of a checkpoint: totals to that date, as the platform shows them."""

    link = models.ForeignKey(
        ProjectLink, verbose_name=_("ссылка"), on_delete=models.CASCADE, related_name="figures"
    )
    checkpoint = models.ForeignKey(
        Checkpoint, verbose_name=_("контрольная точка"), on_delete=models.CASCADE, related_name="figures"
    )
    views = models.PositiveBigIntegerField(_("просмотры"), default=0)
    reactions = models.PositiveBigIntegerField(_("реакции"), default=0)
    comments = models.PositiveBigIntegerField(_("комментарии"), default=0)
    shares = models.PositiveBigIntegerField(_("репосты"), default=0)
    source = models.CharField(_("источник"), max_length=16, choices=FigureSource.choices)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("охват публикации")
        verbose_name_plural = _("охваты публикаций")
        ordering = ["link_id", "checkpoint__due_at"]
        constraints = [
            models.UniqueConstraint(fields=["link", "checkpoint"], name="projects_figure_once_per_checkpoint")
        ]

    def __str__(self) -> str:
        return f"{self.link} @ {self.checkpoint}"


class ProjectComment(models.Model):
    """A curator's (or organizer's) comment on a project, optionally on one checkpoint."""

    project = models.ForeignKey(
        MediaProject, verbose_name=_("проект"), on_delete=models.CASCADE, related_name="comments"
    )
    checkpoint = models.ForeignKey(
        Checkpoint,
        verbose_name=_("контрольная точка"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("автор"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("комментарий"), validators=[MaxLengthValidator(3000)])
    created_at = models.DateTimeField(_("написан"))

    class Meta:
        verbose_name = _("комментарий к проекту")
        verbose_name_plural = _("комментарии к проектам")
        ordering = ["project_id", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ProjectAction(models.TextChoices):
    CREATED = "created", _("Проект создан")
    EDITED = "edited", _("Проект изменён")
    LINK_ADDED = "link_added", _("Добавлена ссылка")
    LINK_REMOVED = "link_removed", _("Удалена ссылка")
    REPORTED = "reported", _("Отправлен отчёт")
    FIGURES = "figures", _("Обновлены охваты")
    COMMENTED = "commented", _("Комментарий куратора")


class ProjectChange(models.Model):
    """One change of a project, shown as its history: who, when, what, and for edits the
    fields with their old and new values."""

    project = models.ForeignKey(
        MediaProject, verbose_name=_("проект"), on_delete=models.CASCADE, related_name="changes"
    )
    action = models.CharField(_("действие"), max_length=16, choices=ProjectAction.choices)
    # {field name: [old, new]} for edits; {"url": ...} and the like for the rest.
    details = models.JSONField(_("подробности"), default=dict, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто изменил"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("когда"))

    class Meta:
        verbose_name = _("изменение проекта")
        verbose_name_plural = _("история проектов")
        ordering = ["project_id", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.project_id}"


class ProjectSettings(models.Model):
    """The refinement's part of a season's configuration, edited by organizers: how often
    the projects report and when the teams are reminded. One row per season; until
    organizers save one, the defaults apply."""

    season = models.OneToOneField(
        "tracks.Season",
        verbose_name=_("сезон"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="project_settings",
    )
    checkpoint_every_months = models.PositiveSmallIntegerField(
        _("контрольная точка каждые, месяцев"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_(
            "Контрольные точки ставятся от начала этапа доработки через это число месяцев; "
            "последняя — в день окончания этапа."
        ),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("напомнить о сроке отчёта за, дней"), default=3, validators=[MaxValueValidator(30)]
    )
    late_reminder_hours = models.PositiveSmallIntegerField(
        _("напомнить опоздавшим через, часов после срока"), default=24, validators=[MaxValueValidator(720)]
    )
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("настройки медиапроектов сезона")
        verbose_name_plural = _("настройки медиапроектов сезона")
        ordering = ["-season__number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(checkpoint_every_months__gte=1), name="projects_settings_months_positive"
            )
        ]

    def __str__(self) -> str:
        return str(self.season)

    @classmethod
    def for_season(cls, season_id: int) -> "ProjectSettings":
        """The season's row, or the defaults (unsaved) until organizers save one."""
        return cls.objects.filter(season_id=season_id).first() or cls(season_id=season_id)
