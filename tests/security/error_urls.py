"""The portal's URLs plus views that fail, to see the error pages as people would."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from topblog.urls import urlpatterns as portal


def broken(request):
    raise RuntimeError("a bug")


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("a malformed request")


urlpatterns = [
    path("broken/", broken),
    path("forbidden/", forbidden),
    path("suspicious/", suspicious),
    *portal,
]
