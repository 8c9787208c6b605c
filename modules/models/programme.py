"""The education programme (ДПО): modules with hours and assignments, the trainees'
submissions with their grades, and attendance of the programme's sessions."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Module(models.Model):
    season = models.ForeignKey(
        "tracks.Season", verbose_name=_("сезон"), on_delete=models.CASCADE, related_name="programme_modules"
    )
    title = models.CharField(_("название"), max_length=255)
    hours = models.PositiveSmallIntegerField(_("часов"), validators=[MinValueValidator(1)])
    description = models.TextField(_("описание"), blank=True)
    position = models.PositiveSmallIntegerField(_("порядок"), default=1)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("модуль программы")
        verbose_name_plural = _("модули программы")
        ordering = ["season_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["season", "title"], name="modules_module_title_once"),
            models.CheckConstraint(condition=Q(hours__gte=1), name="modules_module_has_hours"),
        ]

    def __str__(self) -> str:
        return self.title


class Assignment(models.Model):
    module = models.ForeignKey(
        Module, verbose_name=_("модуль"), on_delete=models.CASCADE, related_name="assignments"
    )
    title = models.CharField(_("название"), max_length=255)
    description = models.TextField(_("что сделать"), blank=True)
    deadline = models.DateTimeField(_("срок сдачи"))
    max_score = models.PositiveSmallIntegerField(_("максимальный балл"), validators=[MinValueValidator(1)])
    position = models.PositiveSmallIntegerField(_("порядок"), default=1)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("задание")
        verbose_name_plural = _("задания")
        ordering = ["module_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(max_score__gte=1), name="modules_assignment_max_score")
        ]

    def __str__(self) -> str:
        return self.title


def submission_upload_path(instance: "Submission", filename: str) -> str:
    """A random name, as for portfolio files: the path reveals nothing."""
    return f"private/submissions/{uuid.uuid4().hex}"


class Submission(models.Model):
    """A trainee's answer to an assignment: a link or a private file, served only
    through the checked view; and its grade."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("задание"), on_delete=models.PROTECT, related_name="submissions"
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("участник"),
        on_delete=models.CASCADE,
        related_name="programme_submissions",
    )
    link = models.URLField(_("ссылка"), max_length=500, blank=True)
    file = models.FileField(_("файл"), upload_to=submission_upload_path, max_length=255, blank=True)
    original_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    content_type = models.CharField(_("тип файла"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("размер, байт"), default=0)
    comment = models.TextField(_("комментарий участника"), max_length=2000, blank=True)
    submitted_at = models.DateTimeField(_("сдано"))
    score = models.PositiveSmallIntegerField(_("оценка"), null=True, blank=True)
    feedback = models.TextField(_("отзыв проверяющего"), max_length=4000, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("проверил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    graded_at = models.DateTimeField(_("проверено"), null=True, blank=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("работа участника")
        verbose_name_plural = _("работы участников")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "application"], name="modules_submission_once"),
            models.CheckConstraint(
                condition=~Q(link="") | ~Q(file=""), name="modules_submission_has_content"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True, graded_at__isnull=True)
                | Q(score__isnull=False, graded_at__isnull=False),
                name="modules_submission_graded_has_time",
            ),
        ]
        indexes = [models.Index(fields=["graded_at", "submitted_at"], name="modules_submission_queue")]

    def __str__(self) -> str:
        return f"{self.assignment} — {self.application}"

    @property
    def is_graded(self) -> bool:
        return self.score is not None


class Attendance(models.Model):
    class Source(models.TextChoices):
        ADMIN = "admin", _("Отмечено организатором")
        IMPORT = "import", _("Импорт из видеоплатформы")

    session = models.ForeignKey(
        "modules.Session", verbose_name=_("занятие"), on_delete=models.CASCADE, related_name="attendance"
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("участник"),
        on_delete=models.CASCADE,
        related_name="programme_attendance",
    )
    present = models.BooleanField(_("присутствовал"))
    source = models.CharField(_("источник"), max_length=8, choices=Source.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто отметил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("когда отмечено"))

    class Meta:
        verbose_name = _("посещение")
        verbose_name_plural = _("посещаемость")
        ordering = ["session_id", "application_id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "application"], name="modules_attendance_once"),
        ]
        indexes = [models.Index(fields=["application", "session"], name="modules_attendance_person")]

    def __str__(self) -> str:
        return f"{self.session} — {self.application}"
