"""Applications to the season: the person, their portfolio and media-project ideas,
and the history of every status change."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications import rules


class ApplicantRole(models.TextChoices):
    BLOGGER = "blogger", _("Блогер")
    OFFICIAL = "official", _("Представитель министерства")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    SUBMITTED = "submitted", _("Подана")
    UNDER_REVIEW = "under_review", _("На экспертизе")
    SELECTED = "selected", _("Отобран")
    NOT_SELECTED = "not_selected", _("Не отобран")
    WITHDRAWN = "withdrawn", _("Отозвана")


class Platform(models.TextChoices):
    VK = "vk", _("ВКонтакте")
    TELEGRAM = "telegram", "Telegram"
    YOUTUBE = "youtube", "YouTube"
    RUTUBE = "rutube", "RuTube"
    DZEN = "dzen", _("Дзен")
    OK = "ok", _("Одноклассники")
    OTHER = "other", _("Другая площадка")


class Application(models.Model):
    season = models.ForeignKey(
        "tracks.Season", verbose_name=_("сезон"), on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("заявитель"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    # Empty while a draft has not chosen yet.
    role = models.CharField(_("роль"), max_length=16, choices=ApplicantRole.choices, blank=True)
    status = models.CharField(
        _("статус"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    # The person, as 152-ФЗ consent on the application covers them.
    last_name = models.CharField(_("фамилия"), max_length=128, blank=True)
    first_name = models.CharField(_("имя"), max_length=128, blank=True)
    patronymic = models.CharField(_("отчество"), max_length=128, blank=True)
    birth_date = models.DateField(_("дата рождения"), null=True, blank=True)
    region = models.ForeignKey(
        "tracks.Region", verbose_name=_("регион"), on_delete=models.PROTECT, null=True, blank=True
    )
    city = models.CharField(_("населённый пункт"), max_length=128, blank=True)
    phone = models.CharField(_("телефон"), max_length=16, blank=True)
    # Blogger.
    rkn_number = models.CharField(_("номер в перечне блогеров РКН"), max_length=32, blank=True)
    # Ministry official.
    ministry_direction = models.ForeignKey(
        "tracks.Direction",
        verbose_name=_("министерство"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    department = models.CharField(_("департамент"), max_length=255, blank=True)
    position = models.CharField(_("должность"), max_length=255, blank=True)
    motivation = models.TextField(_("мотивация"), max_length=2000, blank=True)
    # The consent boxes as the draft left them, so a saved draft shows them ticked; the
    # consents themselves are recorded, with their evidence, only on submission.
    processing_consent_ticked = models.BooleanField(
        _("согласие на обработку отмечено в черновике"), default=False
    )
    publication_consent_ticked = models.BooleanField(
        _("согласие на публикацию отмечено в черновике"), default=False
    )
    # Denormalised for the organizers' list and sorting: kept by the intake services.
    total_followers = models.PositiveBigIntegerField(_("подписчиков всего"), default=0)
    is_possible_duplicate = models.BooleanField(_("возможный дубль"), default=False)
    duplicate_reason = models.CharField(_("почему похоже на дубль"), max_length=500, blank=True)
    duplicate_resolved_at = models.DateTimeField(_("дубль разобран"), null=True, blank=True)
    duplicate_resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто разобрал дубль"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)
    submitted_at = models.DateTimeField(_("подана"), null=True, blank=True)
    # Optimistic lock: a save from a stale tab carries an old version and is refused.
    version = models.PositiveIntegerField(_("версия"), default=1)

    class Meta:
        verbose_name = _("заявка")
        verbose_name_plural = _("заявки")
        # Drafts (no submission time) last on every database, not only on SQLite.
        ordering = [F("submitted_at").desc(nulls_last=True), "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "applicant"], name="applications_one_per_person_per_season"
            ),
            # A draft withdrawn before submission is the one status without a submission time.
            models.CheckConstraint(
                condition=Q(status__in=["draft", "withdrawn"]) | Q(submitted_at__isnull=False),
                name="applications_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=Q(ministry_direction__isnull=True) | Q(role="official"),
                name="applications_ministry_only_for_officials",
            ),
            models.CheckConstraint(
                condition=~Q(role="official")
                | Q(submitted_at__isnull=True)
                | Q(ministry_direction__isnull=False),
                name="applications_submitted_official_names_ministry",
            ),
        ]
        indexes = [
            models.Index(fields=["season", "status"]),
            models.Index(fields=["phone"]),
        ]

    def __str__(self) -> str:
        return self.full_name or str(self.applicant)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


class ApplicationDirection(models.Model):
    """A direction the applicant chose, ranked 1 to 3."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="direction_choices")
    direction = models.ForeignKey("tracks.Direction", verbose_name=_("направление"), on_delete=models.PROTECT)
    rank = models.PositiveSmallIntegerField(_("приоритет"))

    class Meta:
        verbose_name = _("выбранное направление")
        verbose_name_plural = _("выбранные направления")
        # By the id, not "application", which Django would expand to the application's
        # own ordering through a JOIN; likewise for every child of an application below.
        ordering = ["application_id", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "rank"], name="applications_direction_rank_unique"
            ),
            models.UniqueConstraint(fields=["application", "direction"], name="applications_direction_once"),
            models.CheckConstraint(
                condition=Q(rank__gte=1, rank__lte=3), name="applications_direction_rank_1_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.direction}"


class SocialAccount(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="social_accounts")
    platform = models.CharField(_("площадка"), max_length=16, choices=Platform.choices)
    # Blank while a draft row is half filled; submission requires it.
    url = models.URLField(_("ссылка"), max_length=500, blank=True)
    followers = models.PositiveBigIntegerField(_("подписчиков"), default=0)

    class Meta:
        verbose_name = _("аккаунт в соцсети")
        verbose_name_plural = _("аккаунты в соцсетях")
        ordering = ["application_id", "-followers", "pk"]
        indexes = [models.Index(fields=["url"])]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}: {self.url}"


class MediaProjectIdea(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="ideas")
    # Blank while a draft row is half filled; submission requires both.
    title = models.CharField(_("название"), max_length=200, blank=True)
    description = models.TextField(_("описание"), max_length=3000, blank=True)
    position = models.PositiveSmallIntegerField(_("порядок"), default=1)

    class Meta:
        verbose_name = _("идея медиапроекта")
        verbose_name_plural = _("идеи медиапроектов")
        ordering = ["application_id", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class StatusChange(models.Model):
    """One status change of an application: who, when, from, to and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("из статуса"), max_length=16, choices=ApplicationStatus.choices)
    to_status = models.CharField(_("в статус"), max_length=16, choices=ApplicationStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто изменил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("когда"))
    reason = models.TextField(_("причина"), blank=True)

    class Meta:
        verbose_name = _("изменение статуса")
        verbose_name_plural = _("история статусов")
        ordering = ["application_id", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ContentLink(models.Model):
    """One of up to five links to the blogger's best content."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="content_links")
    url = models.URLField(_("ссылка"), max_length=500)
    position = models.PositiveSmallIntegerField(_("порядок"), default=1)

    class Meta:
        verbose_name = _("ссылка на лучший контент")
        verbose_name_plural = _("ссылки на лучший контент")
        ordering = ["application_id", "position", "pk"]

    def __str__(self) -> str:
        return self.url


def private_upload_path(instance: "PortfolioFile", filename: str) -> str:
    """A random name with the extension of the type found in the content: the original
    name is kept in the row, never in the storage path, so paths reveal nothing and
    cannot be guessed."""
    return f"private/applications/{uuid.uuid4().hex}{rules.FILE_EXTENSIONS.get(instance.content_type, '')}"


class PortfolioFile(models.Model):
    """A private file of an application: a work sample or a parent's consent.
    Served only through the checked view, never from MEDIA_URL."""

    class Kind(models.TextChoices):
        WORK = "work", _("Пример работы")
        PARENT_CONSENT = "parent_consent", _("Согласие родителя")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices, default=Kind.WORK)
    file = models.FileField(_("файл"), upload_to=private_upload_path, max_length=255)
    original_name = models.CharField(_("имя файла"), max_length=255)
    content_type = models.CharField(_("тип"), max_length=100)
    size = models.PositiveIntegerField(_("размер, байт"))
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)

    class Meta:
        verbose_name = _("файл заявки")
        verbose_name_plural = _("файлы заявки")
        ordering = ["application_id", "kind", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ReviewAssignment(models.Model):
    """An expert assigned to review an application. While it is active (not cancelled)
    it also opens the application's work files to that expert. The review stage
    (``applications.review``) writes these and keeps the expert's review beside each."""

    class Reason(models.TextChoices):
        INITIAL = "initial", _("Назначение")
        DISAGREEMENT = "disagreement", _("Расхождение оценок")
        REPLACEMENT = "replacement", _("Замена эксперта")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="review_assignments")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("эксперт"),
        on_delete=models.CASCADE,
        related_name="review_assignments",
    )
    # A default, not auto_now_add: the demo season dates its assignments in the past.
    assigned_at = models.DateTimeField(_("назначен"), default=timezone.now, editable=False)
    reason = models.CharField(
        _("почему назначен"), max_length=16, choices=Reason.choices, default=Reason.INITIAL
    )
    # Empty only on rows made before due dates existed; the assignment service always sets it.
    due_at = models.DateTimeField(_("оценить до"), null=True, blank=True)
    # Copied from the season's setting and kept in step with it, so that the intake's
    # file view knows without reaching into the review stage.
    blind = models.BooleanField(
        _("вслепую"),
        default=False,
        help_text=_("Эксперт не видит ФИО, контактов, региона и ссылок, раскрывающих человека."),
    )
    # An unfinished review of a deactivated expert is cancelled and given to another; the
    # row stays, so the same expert is never assigned the application again.
    cancelled_at = models.DateTimeField(_("снят"), null=True, blank=True)

    class Meta:
        verbose_name = _("назначение эксперта")
        verbose_name_plural = _("назначения экспертов")
        ordering = ["application_id", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert"], name="applications_review_once_per_expert"
            ),
        ]
        indexes = [
            # The expert's queue: their active assignments by due date.
            models.Index(
                fields=["expert", "due_at"],
                condition=Q(cancelled_at__isnull=True),
                name="applications_review_queue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} → {self.application}"
