"""The address of the person behind a request, the one helper that login throttling
(django-axes, through AXES_CLIENT_IP_CALLABLE), the mail-form throttles, consent records
and security log lines all use.

Behind TRUSTED_PROXY_COUNT reverse proxies, each proxy appends the address it was
connected from to X-Forwarded-For, so the last entries were written by proxies we trust
and the one they wrote first, ``TRUSTED_PROXY_COUNT`` from the end, is the client's.
Anything left of it was sent by the client and is never believed. Without proxies (the
default) the connection's own address is the client's, as Django sees it.
"""

import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address, or None when the connection has none (a test request)."""
    connection = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return connection
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # Fewer entries than trusted proxies: the request did not come through all of
        # them, so nothing in the header can be trusted.
        logger.warning("X-Forwarded-For has %s entries, %s proxies are trusted", len(forwarded), proxies)
        return connection
    address = _valid(forwarded[-proxies])
    if address is None:
        logger.warning("X-Forwarded-For entry written by a trusted proxy is not an address")
        return connection
    return address


def client_user_agent(request: HttpRequest) -> str:
    return request.headers.get("user-agent", "")
