"""Expert review and selection: the season's settings of the stage and its criteria,
the experts with their directions and declared conflicts, each expert's review and
scores, and the selection organizers publish. Assignments are intake's
``ReviewAssignment`` (the file view uses them); the review of one hangs off it here."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from applications.models import ApplicantRole, Application, ApplicationStatus, ReviewAssignment


class ReviewSettings(models.Model):
    """How the season's expert review runs. A season without a row has the defaults."""

    season = models.OneToOneField(
        "tracks.Season",
        verbose_name=_("сезон"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="review_settings",
    )
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("экспертов на заявку"), default=2, help_text=_("Сколько разных экспертов оценивают каждую заявку.")
    )
    due_days = models.PositiveSmallIntegerField(
        _("дней на оценку"), default=7, help_text=_("Срок оценки: столько дней от назначения.")
    )
    disagreement_threshold = models.FloatField(
        _("порог расхождения"),
        default=1.5,
        help_text=_(
            "Если нормированные оценки двух экспертов отличаются больше чем на столько стандартных "
            "отклонений, заявке автоматически назначается ещё один эксперт."
        ),
    )
    comparable_after = models.PositiveSmallIntegerField(
        _("оценок до сравнения"),
        default=5,
        help_text=_(
            "Оценки эксперта сравниваются с чужими, когда он оценил столько заявок: по одной-двум "
            "оценкам его строгость ещё не видна."
        ),
    )
    blind_review = models.BooleanField(
        _("слепая экспертиза"),
        default=True,
        help_text=_(
            "Эксперты не видят ФИО, фото, контактов, региона и ссылок на аккаунты; цифры аккаунтов остаются."
        ),
    )
    comments_to_applicants = models.BooleanField(
        _("показывать комментарии заявителям"),
        default=False,
        help_text=_("После публикации итогов заявитель видит комментарии экспертов без их имён."),
    )
    updated_at = models.DateTimeField(_("изменены"), auto_now=True)

    class Meta:
        verbose_name = _("настройки экспертизы")
        verbose_name_plural = _("настройки экспертизы")
        ordering = ["-season__number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewers_per_application__gte=1), name="review_settings_reviewers_positive"
            ),
            models.CheckConstraint(condition=Q(due_days__gte=1), name="review_settings_due_days_positive"),
            models.CheckConstraint(
                condition=Q(disagreement_threshold__gt=0), name="review_settings_threshold_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(self.season)


class Criterion(models.Model):
    """One line of the season's scoring form. An expert's total is the sum of weight × score."""

    # The settings' key is the season's, so review_settings_id is the season's id.
    review_settings = models.ForeignKey(
        ReviewSettings,
        verbose_name=_("настройки экспертизы"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    name = models.CharField(_("название"), max_length=128)
    name_en = models.CharField(_("название по-английски"), max_length=128)
    description = models.TextField(_("что оценивать"), blank=True)
    description_en = models.TextField(_("что оценивать, по-английски"), blank=True)
    weight = models.DecimalField(_("вес"), max_digits=5, decimal_places=2, default=1)
    scale_min = models.PositiveSmallIntegerField(_("низший балл"), default=0)
    scale_max = models.PositiveSmallIntegerField(_("высший балл"), default=10)
    position = models.PositiveSmallIntegerField(_("порядок"), default=1)

    class Meta:
        verbose_name = _("критерий оценки")
        verbose_name_plural = _("критерии оценки")
        ordering = ["review_settings_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review_settings", "name"], name="review_criterion_name_once"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="review_criterion_weight_positive"),
            # A scale an expert can tick through on a phone: two to twenty-one points.
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min"), scale_max__lte=F("scale_min") + 20),
                name="review_criterion_scale_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SelectionMinimum(models.Model):
    """At least this many of a role from a direction are selected, where that many apply:
    every ministry gets officials and every direction bloggers."""

    review_settings = models.ForeignKey(
        ReviewSettings,
        verbose_name=_("настройки экспертизы"),
        on_delete=models.CASCADE,
        related_name="minimums",
    )
    role = models.CharField(_("роль"), max_length=16, choices=ApplicantRole.choices)
    direction = models.ForeignKey("tracks.Direction", verbose_name=_("направление"), on_delete=models.PROTECT)
    minimum = models.PositiveIntegerField(_("не меньше"))

    class Meta:
        verbose_name = _("минимум отбора")
        verbose_name_plural = _("минимумы отбора")
        ordering = ["review_settings_id", "role", "direction_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review_settings", "role", "direction"], name="review_minimum_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.direction}: {self.minimum}"


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
