from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from topblog.api import urlpatterns as api_v1

admin.site.site_header = _("ТопБЛОГ · «Министерство контента»")
admin.site.site_title = _("Администрирование ТопБЛОГ")
admin.site.index_title = _("Управление сезоном")

urlpatterns = [
    path("", include("topblog.tracks.urls")),
    path("accounts/", include("topblog.accounts.urls")),
    path("", include("applications.urls")),
    path("cabinet/", include("applications.urls_cabinet")),
    path("cabinet/consents/", include("topblog.accounts.urls_consents")),
    path("review/", include("applications.review.urls")),
    path("", include("modules.urls")),
    path("final/", include("teams.final.urls")),
    path("notifications/", include("topblog.notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("dashboard/", include("topblog.dashboard.urls")),
    # Before the admin's own URLs, which would otherwise take "dashboard/" for an app.
    path("admin/dashboard/", include("topblog.dashboard.urls_admin")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its script as a file: the CSP allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
