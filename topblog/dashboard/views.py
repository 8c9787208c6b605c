"""The dashboard's pages: in the admin for organizers; on the portal for ministry
leadership and curators, who are not staff; every table of either as CSV or XLSX.
Anyone else gets 404 (an anonymous visitor the login page first)."""

from dataclasses import dataclass

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from topblog.dashboard import charts
from topblog.dashboard.downloads import table_csv, table_xlsx
from topblog.dashboard.figures import BarChart, LineChart, Section
from topblog.dashboard.funnel import number
from topblog.dashboard.regionmap import map_view
from topblog.dashboard.registry import Audience
from topblog.dashboard.selectors import Viewer, dashboard_of, viewer_of

DOWNLOADS = {"csv": table_csv, "xlsx": table_xlsx}


@dataclass(frozen=True)
class Plot:
    chart: LineChart | BarChart
    kind: str
    geometry: charts.LinePlot | charts.BarPlot
    dom_id: str


@dataclass(frozen=True)
class Part:
    section: Section
    plots: tuple[Plot, ...]


def _plot(chart: LineChart | BarChart, dom_id: str) -> Plot:
    if isinstance(chart, LineChart):
        series = [(s.label, s.values, s.dashed) for s in chart.series]
        return Plot(chart, "line", charts.line_plot(chart.x_labels, series, fmt=number), dom_id)
    bars = [(b.label, b.value, b.note) for b in chart.bars]
    return Plot(chart, "bar", charts.bar_plot(bars, fmt=number), dom_id)


def _page_context(request: HttpRequest, viewer: Viewer, *, download_url: str) -> dict:
    dashboard = dashboard_of(viewer)
    parts = [
        Part(section, tuple(_plot(c, f"{section.key}-chart-{n}") for n, c in enumerate(section.charts, 1)))
        for section in (dashboard.funnel, *dashboard.sections)
        if section is not None
    ]
    region_map = dashboard.region_map
    return {
        "dashboard": dashboard,
        "viewer": viewer,
        "funnel": parts[0] if dashboard.funnel is not None else None,
        "parts": parts[1:] if dashboard.funnel is not None else parts,
        "region_map": region_map,
        "map": map_view(region_map, request.GET.get("map"), language=get_language()) if region_map else None,
        "download_url": download_url,
    }


def _download(viewer: Viewer, key: str, extension: str) -> HttpResponse:
    dashboard = dashboard_of(viewer)
    table = dashboard.tables().get(key)
    if table is None or extension not in DOWNLOADS:
        raise Http404
    return DOWNLOADS[extension](table, computed_at=dashboard.computed_at)


def _organizer(request: HttpRequest) -> Viewer:
    viewer = viewer_of(request.user)
    if viewer is None or viewer.audience != Audience.ORGANIZERS:
        raise Http404
    return viewer


# --- in the admin (admin.site.admin_view sends anyone not staff to the admin's login)


@require_GET
@never_cache
def admin_index(request: HttpRequest) -> TemplateResponse:
    viewer = _organizer(request)
    context = {
        **admin.site.each_context(request),
        **_page_context(request, viewer, download_url="dashboard_admin:download"),
        "title": _("Сезон в цифрах"),
    }
    return TemplateResponse(request, "dashboard/admin.html", context)


@require_GET
@never_cache
def admin_download(request: HttpRequest, key: str, extension: str) -> HttpResponse:
    return _download(_organizer(request), key, extension)


# --- on the portal, for the ministries


def _ministries(request: HttpRequest) -> Viewer:
    viewer = viewer_of(request.user)
    if viewer is None:
        raise Http404
    return viewer


@login_required
@require_GET
@never_cache
def portal_index(request: HttpRequest) -> HttpResponse:
    viewer = _ministries(request)
    if viewer.audience == Audience.ORGANIZERS:
        # Organizers have the whole dashboard, in the admin.
        return redirect("dashboard_admin:index")
    return render(request, "dashboard/portal.html",
                  _page_context(request, viewer, download_url="dashboard:download"))


@login_required
@require_GET
@never_cache
def portal_download(request: HttpRequest, key: str, extension: str) -> HttpResponse:
    return _download(_ministries(request), key, extension)
