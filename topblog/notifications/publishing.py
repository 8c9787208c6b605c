"""Queueing a task after commit without ever failing the caller for it.

What a task works on is committed in the outbox before it is queued, and the sweep
queues whatever no task took. A publish that fails therefore loses nothing: it is
logged, never raised into the request that committed the change (which would answer
500 for a change that was made, and skip the rest of its callbacks).

After a publish fails, publishing pauses for NOTIFICATIONS_PUBLISH_PAUSE_SECONDS: in an
outage a request that queues many batches (an admin action over hundreds of
applications) waits out the broker's timeouts once, and the requests after it not at all.
"""

import logging
import time

from celery import Task
from django.conf import settings
from django.db import transaction
from kombu.exceptions import OperationalError

from topblog.after_response import after_response

logger = logging.getLogger(__name__)

# time.monotonic() of this process's last failed publish.
_last_failure = float("-inf")


def _paused() -> bool:
    return time.monotonic() < _last_failure + settings.NOTIFICATIONS_PUBLISH_PAUSE_SECONDS


def task_publish(task: Task, *args) -> bool:
    """Queue ``task(*args)`` now. False, logged, if the broker did not take it (down,
    hung past its timeouts, or paused after such a failure)."""
    global _last_failure
    if _paused():
        logger.warning("Broker paused after a failure: %s%r is left to the outbox sweep", task.name, args)
        return False
    try:
        task.apply_async(args)
    except OperationalError as error:
        _last_failure = time.monotonic()
        logger.warning(
            "The broker did not take %s%r (%s); the outbox sweep queues it later", task.name, args, error
        )
        return False
    return True


def task_publish_on_commit(task: Task, *args) -> None:
    """Queue ``task(*args)`` once the current transaction commits (at once outside one),
    and in a request only after its response has gone out (topblog.after_response): the
    person never waits for the broker, up or down.

    ``robust``: whatever else a publish raises, Django logs it under this callable's
    name and runs the transaction's other callbacks (after a response, after_response
    logs it). A ``functools.partial`` has no ``__qualname__``, so Django's logging of its
    failure raised AttributeError instead, and the callbacks after it never ran."""

    def publish() -> None:
        task_publish(task, *args)

    def publish_after_response() -> None:
        after_response(publish)

    publish.__qualname__ = publish_after_response.__qualname__ = f"task_publish_on_commit({task.name})"
    transaction.on_commit(publish_after_response, robust=True)
