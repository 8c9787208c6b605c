"""A signed-in person's page served again without rendering it, while nothing it shows
has changed.

The view names what its content shows as a key (read fresh from the database on every
visit); this module adds what templates/base.html shows around it: the language, the
address, whether the person is staff, their unread notifications, and the CSRF secret in
the browser's cookie, for which the tokens in the page's forms were made. The copy lives
in this process's memory (the "local" cache), so a key that has changed is simply never
asked for again. A page with messages waiting is always rendered, to show them once.
"""

import hashlib
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from topblog.notifications.selectors import request_unread_count

# How long a copy is kept after it was rendered; a visit after that renders it again.
PAGE_SECONDS = 10 * 60


def _frame_key(request: HttpRequest) -> list | None:
    """What base.html shows that differs between requests, or None when the page is
    rendered without being kept: messages are waiting, to be shown once; or the address
    has a query, which would let anyone fill the memory with copies of their page."""
    if request.GET or len(get_messages(request)):
        return None
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        # Issued now, as rendering the forms' tokens would, so the page can be kept for it.
        get_token(request)
        secret = request.META["CSRF_COOKIE"]
    return [
        get_language(),
        request.path,
        request.user.pk,
        request.user.is_staff,
        request_unread_count(request),
        secret,
    ]


def personal_page(request: HttpRequest, content_key: str, render: Callable[[], HttpResponse]) -> HttpResponse:
    """The page ``render`` makes for ``request``, or the copy it made for the same
    ``content_key`` and frame."""
    frame = _frame_key(request)
    if frame is None:
        return render()
    # Hashed: the CSRF secret is part of it.
    key = "personal-page:" + hashlib.sha256(repr([content_key, *frame]).encode()).hexdigest()
    page = caches["local"].get(key)
    if page is not None:
        return HttpResponse(page)
    response = render()
    if response.status_code == 200 and not response.streaming:
        caches["local"].set(key, response.content, PAGE_SECONDS)
    return response
