"""Sending by email through Django's mail backend, and telling a failure worth retrying
from one that will fail again however often it is tried."""

import contextlib
import smtplib
import uuid
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from topblog.notifications.models import OutboxMessage
from topblog.notifications.rendering import RenderedMessage, email_bodies


class DeliveryError(Exception):
    """A failed send. ``permanent``: retrying cannot help (the address is refused, the
    template is broken). ``server_down``: the mail server itself is unreachable, so the
    rest of the batch waits instead of trying one by one."""

    def __init__(self, message: str, *, permanent: bool, server_down: bool = False):
        super().__init__(message)
        self.permanent = permanent
        self.server_down = server_down


def error_classify(error: Exception) -> DeliveryError:
    text = f"{type(error).__name__}: {error}"[:2000]
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _reply in error.recipients.values()]
        return DeliveryError(text, permanent=bool(codes) and all(500 <= code < 600 for code in codes))
    # A refused sender or login is our configuration, not this message: every other would fail too.
    if isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPAuthenticationError):
        return DeliveryError(text, permanent=False, server_down=True)
    if isinstance(error, smtplib.SMTPResponseException):
        if error.smtp_code == 421:
            return DeliveryError(text, permanent=False, server_down=True)
        return DeliveryError(text, permanent=500 <= error.smtp_code < 600)
    # SMTPServerDisconnected, SMTPConnectError, refused connections, timeouts.
    if isinstance(error, OSError):
        return DeliveryError(text, permanent=False, server_down=True)
    return DeliveryError(text, permanent=True)


def message_id_header(message: OutboxMessage) -> str:
    """The same Message-ID on every attempt, so a receiving server can drop a copy sent
    again after a worker died between the server's acceptance and our record of it."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "topblog.local"
    return f"<notification.{message.pk}.{int(message.created_at.timestamp())}@{domain}>"


class NotificationEmail(EmailMultiAlternatives):
    def message(self):
        message = super().message()
        # A random boundary chosen here spares the email package compiling a regular
        # expression per mail to pick one: a fifth of the time it takes to build a mail.
        message.set_boundary(f"=_{uuid.uuid4().hex}")
        return message


class EmailChannel:
    """One mail connection for a batch: opened on the first message, closed at the end
    or when the server goes away."""

    def __init__(self):
        self._connection = None

    def __enter__(self) -> "EmailChannel":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            # The server may already be gone; there is nothing left to close politely then.
            with contextlib.suppress(smtplib.SMTPException, OSError):
                connection.close()

    def send(
        self, *, message: OutboxMessage, rendered: RenderedMessage, context: dict, language: str
    ) -> None:
        text, html = email_bodies(rendered=rendered, context=context, language=language)
        headers = {"Message-ID": message_id_header(message), "Auto-Submitted": "auto-generated"}
        if context["unsubscribe_url"]:
            # RFC 8058 one-click unsubscribe, which mail services ask of bulk senders.
            headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        try:
            if self._connection is None:
                # Django's SMTP backend waits forever by default; a hung server would hold the claim.
                self._connection = get_connection(timeout=settings.NOTIFICATIONS_SMTP_TIMEOUT)
                self._connection.open()
            email = NotificationEmail(
                subject=rendered.subject,
                body=text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[message.recipient.email],
                headers=headers,
                connection=self._connection,
            )
            email.attach_alternative(html, "text/html")
            sent = email.send()
        except Exception as error:
            failure = error_classify(error)
            if failure.server_down:
                self.close()
            raise failure from error
        if not sent:
            raise DeliveryError("The mail backend accepted no recipient.", permanent=True)
