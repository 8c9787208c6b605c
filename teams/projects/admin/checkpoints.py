"""Checkpoints, reports, figures and the season's settings in the admin: organizers set
the checkpoints (placed on the schedule with one button, then edited), see which reports
came late, and import the figures of many links at once."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from teams.projects.admin.base import ServiceWrittenAdmin
from teams.projects.models import Checkpoint, CheckpointReport, ProjectSettings, ReachFigure
from teams.projects.services.checkpoints import checkpoints_ensure
from teams.projects.services.figures import figures_import
from topblog.tracks.selectors import season_current


def _page_context(model_admin: admin.ModelAdmin, request, **extra) -> dict:
    return {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, **extra}


@admin.register(ProjectSettings)
class ProjectSettingsAdmin(admin.ModelAdmin):
    list_display = ["season", "checkpoint_every_months", "reminder_days", "late_reminder_hours"]
    list_select_related = ["season"]
    list_filter = ["season__is_current"]
    search_fields = ["season__track"]

    def get_readonly_fields(self, request, obj=None):
        return ["season"] if obj is not None else []


@admin.register(Checkpoint)
class CheckpointAdmin(admin.ModelAdmin):
    list_display = ["title", "number", "season", "due_at", "reports_count", "late_count"]
    list_filter = ["season"]
    search_fields = ["title"]
    list_select_related = ["season"]
    ordering = ["season", "due_at"]
    change_list_template = "admin/projects/checkpoint/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                reports_total=Count("reports", distinct=True),
                reports_late=Count("reports", filter=Q(reports__is_late=True), distinct=True),
            )
        )

    @admin.display(description=_("отчётов"), ordering="reports_total")
    def reports_count(self, obj) -> int:
        return obj.reports_total

    @admin.display(description=_("с опозданием"), ordering="reports_late")
    def late_count(self, obj):
        return format_html('<strong class="late">{}</strong>', obj.reports_late) if obj.reports_late else 0

    def get_urls(self):
        return [
            path("place/", self.admin_site.admin_view(self.place_view), name="projects_checkpoint_place"),
            *super().get_urls(),
        ]

    def place_view(self, request):
        """Place the current season's missing checkpoints on its refinement stage."""
        if request.method != "POST" or not self.has_add_permission(request):
            raise PermissionDenied
        season = season_current()
        try:
            created = checkpoints_ensure(season_id=season.pk) if season else []
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                ngettext(
                    "Добавлена %(count)d контрольная точка.",
                    "Добавлено контрольных точек: %(count)d.",
                    len(created),
                )
                % {"count": len(created)},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:projects_checkpoint_changelist"))


@admin.register(CheckpointReport)
class CheckpointReportAdmin(ServiceWrittenAdmin):
    list_display = ["project", "checkpoint", "submitted_at", "late_mark", "submitted_by"]
    list_filter = ["is_late", "checkpoint", "project__team__season", "project__team__direction"]
    search_fields = ["project__title", "note"]
    list_select_related = ["project", "checkpoint", "submitted_by"]
    readonly_fields = ["project", "checkpoint", "note", "submitted_at", "submitted_by", "is_late"]
    export_name = "checkpoint-reports"
    export_headers = (
        _("Проект"),
        _("Контрольная точка"),
        _("Отправлен"),
        _("С опозданием"),
        _("Что сделано"),
    )

    @admin.display(description=_("с опозданием"), boolean=False, ordering="is_late")
    def late_mark(self, obj):
        return (
            format_html('<strong class="late">{}</strong>', _("с опозданием")) if obj.is_late else _("в срок")
        )

    def export_rows(self, queryset):
        for r in queryset.select_related("project", "checkpoint"):
            yield (
                r.project.title,
                r.checkpoint.title,
                r.submitted_at,
                _("да") if r.is_late else _("нет"),
                r.note,
            )


class FiguresImportForm(forms.Form):
    file = forms.FileField(
        label=_("Файл CSV"),
        help_text=_(
            "Столбцы url, checkpoint (номер контрольной точки), views, reactions, comments, shares; "
            "разделитель «;» или «,»; кодировка UTF-8 или Windows-1251."
        ),
    )


@admin.register(ReachFigure)
class ReachFigureAdmin(ServiceWrittenAdmin):
    list_display = ["link", "project", "checkpoint", "views", "reactions", "comments", "shares", "source"]
    list_filter = ["checkpoint", "source", "link__platform", "link__project__team__direction"]
    search_fields = ["link__url", "link__project__title"]
    list_select_related = ["link__project", "checkpoint"]
    readonly_fields = [
        "link",
        "checkpoint",
        "views",
        "reactions",
        "comments",
        "shares",
        "source",
        "updated_at",
    ]
    change_list_template = "admin/projects/reachfigure/change_list.html"
    export_name = "reach-figures"
    # The import's own columns first, so an export edited in Excel imports back.
    export_headers = (
        "url",
        "checkpoint",
        "views",
        "reactions",
        "comments",
        "shares",
        _("Проект"),
        _("Источник"),
    )

    @admin.display(description=_("проект"), ordering="link__project__title")
    def project(self, obj) -> str:
        return obj.link.project.title

    def export_rows(self, queryset):
        for f in queryset.select_related("link__project", "checkpoint").order_by(
            "checkpoint__number", "link_id"
        ):
            yield (
                f.link.url,
                f.checkpoint.number,
                f.views,
                f.reactions,
                f.comments,
                f.shares,
                f.link.project.title,
                f.get_source_display(),
            )

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="projects_reachfigure_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a file of figures; every bad row is listed and nothing is written, or
        every row is written."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        season = season_current()
        form = FiguresImportForm(request.POST or None, request.FILES or None)
        problems: list[str] = []
        if request.method == "POST" and form.is_valid() and season is not None:
            try:
                written = figures_import(
                    season_id=season.pk, content=form.cleaned_data["file"].read(), by=request.user
                )
            except ValidationError as error:
                problems = error.messages
            else:
                self.message_user(
                    request,
                    _(
                        "Импорт выполнен: строк %(rows)s, записано новых или изменённых %(written)s, "
                        "без изменений %(unchanged)s."
                    )
                    % {"rows": written.rows, "written": written.written, "unchanged": written.unchanged},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:projects_reachfigure_changelist"))
        context = _page_context(
            self, request, title=_("Импорт охватов"), form=form, season=season, problems=problems
        )
        return TemplateResponse(request, "admin/projects/reachfigure/import.html", context)
