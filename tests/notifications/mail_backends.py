"""A mail backend whose failures a test scripts, to drive retries without a server."""

from django.core.mail.backends.base import BaseEmailBackend


class ScriptedBackend(BaseEmailBackend):
    """Each send takes the next item of ``script``: an exception is raised, a callable is
    called (something else happens during the send) and the mail delivered, anything
    else (or an empty script) delivers into ``sent``."""

    script: list = []
    sent: list = []

    def send_messages(self, email_messages):
        for message in email_messages:
            outcome = ScriptedBackend.script.pop(0) if ScriptedBackend.script else None
            if isinstance(outcome, BaseException):
                raise outcome
            if callable(outcome):
                outcome()
            ScriptedBackend.sent.append(message)
        return len(email_messages)
