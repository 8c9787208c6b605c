"""The outbox: every message to a person is a row here before anything is sent, with the
templates it is rendered from, people's preferences and the bulk sends organizers start."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    """What happened. Each event has a template per language and goes out on its channels."""

    ACCOUNT_CONFIRM_EMAIL = "account_confirm_email", _("Регистрация: подтверждение почты")
    PASSWORD_RESET = "password_reset", _("Сброс пароля")
    APPLICATION_SUBMITTED = "application_submitted", _("Заявка подана")
    APPLICATION_WITHDRAWN = "application_withdrawn", _("Заявка отозвана")
    DRAFT_REMINDER = "draft_reminder", _("Напоминание о черновике заявки")
    EXPERT_INVITATION = "expert_invitation", _("Приглашение эксперта")
    REVIEW_ASSIGNED = "review_assigned", _("Эксперту назначены заявки")
    REVIEW_REMINDER = "review_reminder", _("Напоминание эксперту о проверке")
    SELECTION_RESULT = "selection_result", _("Результат отбора")
    SESSION_SCHEDULED = "session_scheduled", _("Занятие программы назначено")
    SESSION_REMINDER = "session_reminder", _("Напоминание о занятии")
    CERTIFICATE_ISSUED = "certificate_issued", _("Выдано удостоверение о повышении квалификации")
    FINALIST_INVITATION = "finalist_invitation", _("Приглашение в командный модуль")
    CONFIRMATION_REMINDER = "confirmation_reminder", _("Напоминание подтвердить участие")
    WAITING_LIST_PROMOTION = "waiting_list_promotion", _("Место из листа ожидания")
    TEAM_ASSIGNED = "team_assigned", _("Назначена команда")
    SCHEDULE_CHANGED = "schedule_changed", _("Этап или занятие перенесены")
    CHECKPOINT_DUE = "checkpoint_due", _("Срок контрольной точки")
    CHECKPOINT_LATE = "checkpoint_late", _("Отчёт по контрольной точке просрочен")
    PRESENTATION_DEADLINE = "presentation_deadline", _("Срок сдачи презентации")
    FINAL_AGENDA = "final_agenda", _("Программа финала")
    RESULTS_PUBLISHED = "results_published", _("Итоги опубликованы")
    JURY_INVITATION = "jury_invitation", _("Приглашение в жюри финала")
    STAGE_REMINDER = "stage_reminder", _("Напоминание о начале этапа")


# Essential messages go whatever the person's preference: without them they cannot log in,
# or miss a decision about them or a date they must keep. The rest can be turned off.
ESSENTIAL_EVENTS = frozenset(
    {
        Event.ACCOUNT_CONFIRM_EMAIL,
        Event.PASSWORD_RESET,
        Event.EXPERT_INVITATION,
        Event.JURY_INVITATION,
        Event.APPLICATION_SUBMITTED,
        Event.APPLICATION_WITHDRAWN,
        Event.REVIEW_ASSIGNED,
        Event.SELECTION_RESULT,
        Event.SESSION_SCHEDULED,
        Event.CERTIFICATE_ISSUED,
        Event.FINALIST_INVITATION,
        Event.WAITING_LIST_PROMOTION,
        Event.TEAM_ASSIGNED,
        Event.SCHEDULE_CHANGED,
        Event.FINAL_AGENDA,
    }
)


# What organizers may send to many people at once: news about the season that reads the
# same for everyone. Never a mail about one person (their status, their account's links).
BROADCAST_EVENTS = frozenset(
    {
        Event.STAGE_REMINDER,
        Event.SESSION_SCHEDULED,
        Event.SESSION_REMINDER,
        Event.SCHEDULE_CHANGED,
        Event.FINAL_AGENDA,
        Event.RESULTS_PUBLISHED,
    }
)


class Channel(models.TextChoices):
    EMAIL = "email", _("Электронная почта")
    PORTAL = "portal", _("Уведомление на портале")


# Account mail concerns a person who may not be able to log in yet: the portal is no place for it.
EMAIL_ONLY_EVENTS = frozenset(
    {Event.ACCOUNT_CONFIRM_EMAIL, Event.PASSWORD_RESET, Event.EXPERT_INVITATION, Event.JURY_INVITATION}
)


def event_is_essential(event: str) -> bool:
    return event in ESSENTIAL_EVENTS


def event_channels(event: str) -> tuple[Channel, ...]:
    return (Channel.EMAIL,) if event in EMAIL_ONLY_EVENTS else (Channel.EMAIL, Channel.PORTAL)


class MessageTemplate(models.Model):
    """The words of one event in one language, in Django template syntax. Rows start as
    the shipped defaults (message_defaults/*.toml); organizers edit them in the admin."""

    event = models.CharField(_("событие"), max_length=32, choices=Event.choices)
    language = models.CharField(_("язык"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("тема"), max_length=255)
    text = models.TextField(_("текст письма"))
    html = models.TextField(_("HTML письма"))
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("шаблон сообщения")
        verbose_name_plural = _("шаблоны сообщений")
        ordering = ["event", "language"]
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="notifications_template_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} [{self.language}]"

    @property
    def is_essential(self) -> bool:
        return event_is_essential(self.event)


class NotificationPreference(models.Model):
    """A person's choice about optional mail. No row means the default: everything."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("пользователь"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
    )
    email_optional = models.BooleanField(
        _("необязательные письма"),
        default=True,
        help_text=_("Напоминания и объявления. Обязательные письма приходят всегда."),
    )
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("настройка уведомлений")
        verbose_name_plural = _("настройки уведомлений")
        ordering = ["user"]

    def __str__(self) -> str:
        return str(self.user)


class Broadcast(models.Model):
    """One event to many people, fanned out in chunks by a task; its counts are the
    progress organizers watch."""

    event = models.CharField(_("событие"), max_length=32, choices=Event.choices)
    occasion = models.CharField(
        _("повод"),
        max_length=150,
        help_text=_(
            "Например, «итоги-отбора-2026». Повторная рассылка с тем же поводом никому не придёт дважды."
        ),
    )
    context = models.JSONField(_("данные для шаблона"), default=dict, blank=True)
    recipient_ids = models.JSONField(_("получатели"), default=list, editable=False)
    total = models.PositiveIntegerField(_("получателей"), default=0)
    fanned_out = models.PositiveIntegerField(_("поставлено в очередь"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто создал"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("создана"), default=timezone.now)
    updated_at = models.DateTimeField(_("изменена"), default=timezone.now)
    fanned_out_at = models.DateTimeField(_("вся в очереди"), null=True, blank=True)

    class Meta:
        verbose_name = _("рассылка")
        verbose_name_plural = _("рассылки")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "occasion"], name="notifications_broadcast_once"),
            models.CheckConstraint(
                condition=Q(fanned_out__lte=F("total")), name="notifications_broadcast_progress_bounded"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()}: {self.occasion}"


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Ожидает отправки")
    SENDING = "sending", _("Отправляется")
    SENT = "sent", _("Отправлено")
    FAILED = "failed", _("Ошибка")
    SKIPPED = "skipped", _("Не отправлено: отписка")


# The only moves a message's state may make; delivery.py refuses any other.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    # Straight to sent or failed: the portal, whose claim and delivery are one database
    # transaction; and a mail whose worker outlived its lease, sent it, and finds that
    # the sweep released it but nobody has claimed it since (its claim still stands).
    OutboxState.PENDING: frozenset(
        {OutboxState.SENDING, OutboxState.SKIPPED, OutboxState.SENT, OutboxState.FAILED}
    ),
    # Back to pending: a transient error, or the sweep releasing a lost worker's claim.
    OutboxState.SENDING: frozenset({OutboxState.SENT, OutboxState.PENDING, OutboxState.FAILED}),
    # Sent is final: nothing ever sends a message twice on purpose.
    OutboxState.SENT: frozenset(),
    # An organizer resends after fixing the cause.
    OutboxState.FAILED: frozenset({OutboxState.PENDING}),
    OutboxState.SKIPPED: frozenset(),
}


# What a person's notification centre holds: the messages delivered to the portal.
PORTAL_INBOX = {"channel": Channel.PORTAL, "state": OutboxState.SENT}


class OutboxMessage(models.Model):
    """One message to one person on one channel. Written in the caller's transaction,
    delivered by a task after commit; the idempotency key makes a repeat a no-op."""

    event = models.CharField(_("событие"), max_length=32, choices=Event.choices)
    occasion = models.CharField(_("повод"), max_length=150, blank=True)
    channel = models.CharField(_("канал"), max_length=8, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("получатель"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    context = models.JSONField(_("данные для шаблона"), default=dict, blank=True)
    idempotency_key = models.CharField(_("ключ идемпотентности"), max_length=220)
    broadcast = models.ForeignKey(
        Broadcast,
        verbose_name=_("рассылка"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
    )
    state = models.CharField(
        _("состояние"), max_length=8, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("попыток"), default=0)
    last_error = models.TextField(_("последняя ошибка"), blank=True)
    created_at = models.DateTimeField(_("создано"), default=timezone.now)
    due_at = models.DateTimeField(_("отправить не раньше"), default=timezone.now)
    # The current attempt's start; empty while the message waits, even inside a claim.
    claimed_at = models.DateTimeField(_("взято в отправку"), null=True, blank=True)
    # The last claim on the message (a worker's batch): every mark after the send checks
    # it, so a worker that lost its lease cannot record over the one that took over.
    claim = models.UUIDField(_("захват"), null=True, blank=True, editable=False)
    lease_until = models.DateTimeField(_("захват действует до"), null=True, blank=True)
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)
    # What the person got, as rendered at delivery: the notification centre shows it and
    # organizers can see it after the template has changed.
    subject = models.CharField(_("тема"), max_length=255, blank=True)
    body = models.TextField(_("текст"), blank=True)
    read_at = models.DateTimeField(_("прочитано"), null=True, blank=True)

    class Meta:
        verbose_name = _("сообщение")
        verbose_name_plural = _("исходящие сообщения")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "idempotency_key"], name="notifications_outbox_once"),
            models.CheckConstraint(
                condition=~Q(state=OutboxState.SENT) | Q(sent_at__isnull=False),
                name="notifications_outbox_sent_has_time",
            ),
            models.CheckConstraint(
                condition=Q(channel=Channel.PORTAL) | Q(read_at__isnull=True),
                name="notifications_outbox_only_portal_read",
            ),
        ]
        indexes = [
            # The sweep: pending and sending rows by age.
            models.Index(fields=["state", "due_at"], name="notif_outbox_state_due"),
            # The notification centre and its unread count.
            models.Index(
                fields=["recipient", "-sent_at"],
                condition=Q(**PORTAL_INBOX),
                name="notif_outbox_portal_inbox",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} → {self.recipient_id} ({self.channel})"

    @property
    def is_essential(self) -> bool:
        return event_is_essential(self.event)


class AttemptOutcome(models.TextChoices):
    RETRY = "retry", _("Ошибка, будет повтор")
    FAILED = "failed", _("Ошибка, повторов не будет")
    LOST = "lost", _("Обработчик пропал во время отправки")


class OutboxAttempt(models.Model):
    """An attempt to deliver a message that did not end in its delivery, kept so that
    organizers see why a message waits or failed after the next attempt has run. A
    successful attempt leaves no row: the message records it."""

    message = models.ForeignKey(
        OutboxMessage, verbose_name=_("сообщение"), on_delete=models.CASCADE, related_name="failed_attempts"
    )
    number = models.PositiveSmallIntegerField(_("попытка"))
    started_at = models.DateTimeField(_("начата"), null=True, blank=True)
    finished_at = models.DateTimeField(_("закончена"))
    outcome = models.CharField(_("итог"), max_length=8, choices=AttemptOutcome.choices)
    error = models.TextField(_("ошибка"), blank=True)

    class Meta:
        verbose_name = _("неудачная попытка")
        verbose_name_plural = _("неудачные попытки")
        ordering = ["message", "number", "pk"]

    def __str__(self) -> str:
        return f"{self.message_id} #{self.number}: {self.get_outcome_display()}"
