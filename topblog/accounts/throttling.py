"""Throttles of the account forms, counted in the shared cache per client address and
per target, in fixed windows of THROTTLE_WINDOW_SECONDS:

- the forms that mail a link (register, resend the confirmation, password reset): each
  request counts against the address it came from and against the email it names, so
  nobody mails an inbox over and over nor sends a flood from one address;
- login failures count against the address, whatever account they tried, so a password
  spray over many accounts stops; django-axes already locks an address out of one
  account after AXES_FAILURE_LIMIT failures. There is no lock per account alone: it
  would let anyone lock anyone out.

Over a limit the person gets the 429 page, in Russian, saying when to come back. The
counts never depend on whether an email is registered.
"""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from topblog.client_address import client_ip

logger = logging.getLogger(__name__)

# The login views whose POST a throttled address may not make; the admin's login too.
LOGIN_VIEWS = frozenset({"accounts:login", "admin:login"})


def _key(scope: str, value: str) -> str:
    window = int(time.time() // settings.THROTTLE_WINDOW_SECONDS)
    # Hashed: an email never appears in a cache key.
    return f"throttle:{scope}:{window}:{hashlib.sha256(value.encode()).hexdigest()}"


def _count(scope: str, value: str) -> int:
    """Count one more and return the count in this window; 0 while the cache is down
    (it answers None then): the throttle lets the form through rather than fail it."""
    key = _key(scope, value)
    cache.add(key, 0, settings.THROTTLE_WINDOW_SECONDS)
    try:
        return cache.incr(key) or 0
    except ValueError:  # expired between add and incr
        cache.set(key, 1, settings.THROTTLE_WINDOW_SECONDS)
        return 1


def throttled_response(request: HttpRequest) -> HttpResponse:
    seconds_left = settings.THROTTLE_WINDOW_SECONDS - int(time.time()) % settings.THROTTLE_WINDOW_SECONDS
    response = render(
        request, "429.html", {"minutes": max(1, math.ceil(seconds_left / 60))}, status=429
    )
    response["Retry-After"] = str(seconds_left)
    return response


def mail_form_throttle(request: HttpRequest, *, email: str) -> HttpResponse | None:
    """Count a request of a form that mails ``email``; the 429 page if its address or
    that email has had its share in this window, else None."""
    address = client_ip(request) or "unknown"
    by_address = _count("mail-address", address) > settings.THROTTLE_MAIL_PER_ADDRESS
    by_email = _count("mail-email", email) > settings.THROTTLE_MAIL_PER_EMAIL
    if by_address or by_email:
        logger.warning("Mail form throttled for %s (%s)", address, "address" if by_address else "email")
        return throttled_response(request)
    return None


def login_failed(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    """Counts a failed login against its address: the receiver of user_login_failed."""
    if request is not None:
        _count("login-failures", client_ip(request) or "unknown")


def login_throttled(request: HttpRequest) -> bool:
    address = client_ip(request) or "unknown"
    return (cache.get(_key("login-failures", address)) or 0) >= settings.THROTTLE_LOGIN_FAILURES_PER_ADDRESS


class LoginThrottleMiddleware:
    """Refuses a login POST from an address that failed too often, before any password
    is checked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        is_login = request.method == "POST" and match is not None and match.view_name in LOGIN_VIEWS
        if is_login and login_throttled(request):
            logger.warning("Login throttled for %s", client_ip(request))
            return throttled_response(request)
        return None
