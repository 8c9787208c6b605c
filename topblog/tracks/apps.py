from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TracksConfig(AppConfig):
    name = "topblog.tracks"
    label = "tracks"
    verbose_name = _("Сезон и направления")
