from django.http import HttpResponse
from django.urls import path

from topblog.tracks import views


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", views.landing, name="home"),
    path("healthz/", healthz, name="healthz"),
]
