"""Teams and formation runs in the admin, and the formation page: a dry run on the
season's confirmed finalists, its metrics and table, a progress bar while a Celery job
computes it, then «Применить» through the apply service."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from applications.admin import ReadOnlyInline
from modules.admin.base import ServiceWrittenAdmin, admin_page_context
from teams.formation_report import formation_report
from teams.forms import TeamForm
from teams.models import FormationRun, FormationRunStatus, Membership, Team
from teams.services.formation import formation_run_apply, formation_run_start
from topblog.tracks.selectors import season_current

# How often the page reloads itself while a job computes (no script needed).
REFRESH_SECONDS = 2


class MembershipInline(ReadOnlyInline, admin.TabularInline):
    model = Membership
    fields = ["finalist", "locked", "source", "joined_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("finalist__application")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    form = TeamForm
    list_display = ["number", "direction", "ministry", "size_of_capacity", "season"]
    list_display_links = ["number", "direction"]
    list_filter = ["season", "direction"]
    list_select_related = ["direction", "season"]
    search_fields = ["direction__name", "direction__ministry_short"]
    fields = ["season", "direction", "number", "capacity", "size", "created_at"]
    readonly_fields = ["season", "direction", "number", "size", "created_at"]
    inlines = [MembershipInline]
    change_list_template = "admin/teams/team/change_list.html"

    def has_add_permission(self, request) -> bool:
        return False  # the formation makes the teams, one per direction

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("министерство"), ordering="direction__ministry_short")
    def ministry(self, obj: Team) -> str:
        return obj.direction.ministry_short_i18n

    @admin.display(description=_("участников / мест"), ordering="size")
    def size_of_capacity(self, obj: Team) -> str:
        return f"{obj.size} / {obj.capacity}"

    def get_urls(self):
        return [
            path("formation/", self.admin_site.admin_view(self.formation_view), name="teams_team_formation"),
            *super().get_urls(),
        ]

    def formation_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        season = season_current()
        if request.method == "POST" and season is not None:
            return self._formation_post(request, season)
        runs = FormationRun.objects.filter(season=season).select_related("requested_by", "applied_by")
        run_id = request.GET.get("run", "")
        run = get_object_or_404(runs, pk=run_id) if run_id.isdigit() else runs.first()
        computing = run is not None and run.status in (FormationRunStatus.QUEUED, FormationRunStatus.RUNNING)
        context = admin_page_context(
            self,
            request,
            title=_("Сформировать команды"),
            season=season,
            run=run,
            computing=computing,
            refresh_seconds=REFRESH_SECONDS,
            report=formation_report(run) if run is not None and run.result else None,
            applicable=run is not None and run.status == FormationRunStatus.READY,
        )
        return TemplateResponse(request, "admin/teams/team/formation.html", context)

    def _formation_post(self, request, season):
        page = reverse("admin:teams_team_formation")
        if "apply" in request.POST:
            run_id = request.POST.get("run", "")
            if not run_id.isdigit() or not FormationRun.objects.filter(pk=run_id, season=season).exists():
                self.message_user(request, _("Такого расчёта нет."), messages.ERROR)
                return HttpResponseRedirect(page)
            try:
                applied = formation_run_apply(run_id=int(run_id), by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return HttpResponseRedirect(f"{page}?run={run_id}")
            self.message_user(
                request,
                _(
                    "Команды сформированы: назначено — %(placed)s, переведено — %(moved)s, "
                    "выбыло — %(left)s. Уведомления отправлены тем, чья команда новая или изменилась."
                )
                % {"placed": applied.placed, "moved": applied.moved, "left": applied.left},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:teams_team_changelist"))
        run = formation_run_start(season=season, by=request.user)
        return HttpResponseRedirect(f"{page}?run={run.pk}")


@admin.register(FormationRun)
class FormationRunAdmin(ServiceWrittenAdmin):
    list_display = [
        "__str__",
        "season",
        "status",
        "progress",
        "people_count",
        "requested_by",
        "created_at",
        "applied_at",
    ]
    list_filter = ["status", "season"]
    list_select_related = ["season", "requested_by"]
    search_fields = ["requested_by__email"]
    fields = [
        "season", "status", "progress", "people_count", "error", "input_digest", "requested_by",
        "created_at", "finished_at", "applied_by", "applied_at",
    ]  # fmt: skip
    readonly_fields = fields
