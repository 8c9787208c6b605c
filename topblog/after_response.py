"""Work a request leaves for after its response has gone out.

The account forms (register, resend the confirmation, password reset) do their lookups,
writes and mail here, so what the request itself does, and how long it takes, never
depends on whether the email is registered; and a mail is never sent while the person
waits for the page, even where tasks run inline (no broker). Outside a request (a task, a
management command) the work runs at once.

The jobs run when the server closes the response, which it does after sending it; a job
that fails is logged, never shown to the person, who already has their page.
"""

import logging
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

_jobs: ContextVar[list[Callable[[], object]] | None] = ContextVar("after_response_jobs", default=None)


def after_response(job: Callable[[], object]) -> None:
    """Run ``job`` once the current response is sent; at once outside a request."""
    jobs = _jobs.get()
    if jobs is None:
        job()
    else:
        jobs.append(job)


def _run(jobs: list[Callable[[], object]]) -> None:
    for job in jobs:
        try:
            job()
        except Exception:
            logger.exception("Work left for after the response failed")


class AfterResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        jobs: list[Callable[[], object]] = []
        token = _jobs.set(jobs)
        try:
            response = self.get_response(request)
        finally:
            _jobs.reset(token)
        if jobs:
            # The handler closes every response once it is sent (WSGI and ASGI alike),
            # calling its closers first: Django's own hook for "after the response".
            response._resource_closers.append(lambda: _run(jobs))
        return response
