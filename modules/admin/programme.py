"""Modules, assignments and submissions in the admin. Grading happens on the grading
page, which experts use too."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from modules.admin.base import ServiceWrittenAdmin
from modules.models import Assignment, Module, Submission


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["position", "title", "deadline", "max_score", "description"]


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "season", "hours", "position", "assignments_count"]
    list_filter = ["season"]
    search_fields = ["title"]
    list_select_related = ["season"]
    ordering = ["season", "position"]
    inlines = [AssignmentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(assignments_total=Count("assignments"))

    @admin.display(description=_("заданий"), ordering="assignments_total")
    def assignments_count(self, obj: Module) -> int:
        return obj.assignments_total


class GradedFilter(admin.SimpleListFilter):
    title = _("проверено")
    parameter_name = "graded"

    def lookups(self, request, model_admin):
        return [("yes", _("да")), ("no", _("нет"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(graded_at__isnull=self.value() == "no")
        return queryset


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["title", "module", "deadline", "max_score", "submissions_count"]
    list_filter = ["module__season", "module"]
    search_fields = ["title", "module__title"]
    list_select_related = ["module"]
    date_hierarchy = "deadline"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(submissions_total=Count("submissions"))

    @admin.display(description=_("сдано работ"), ordering="submissions_total")
    def submissions_count(self, obj: Assignment) -> int:
        return obj.submissions_total


@admin.register(Submission)
class SubmissionAdmin(ServiceWrittenAdmin):
    list_display = ["application", "assignment", "submitted_at", "score", "graded_by", "grade_link"]
    list_filter = [GradedFilter, "assignment__module__season", "assignment"]
    search_fields = ["application__last_name", "application__first_name", "application__applicant__email"]
    list_select_related = ["application", "assignment", "graded_by"]
    date_hierarchy = "submitted_at"
    fields = [
        "assignment",
        "application",
        "link",
        "file_link",
        "comment",
        "submitted_at",
        "score",
        "feedback",
        "graded_by",
        "graded_at",
        "grade_link",
    ]
    readonly_fields = fields

    @admin.display(description=_("файл"))
    def file_link(self, obj: Submission) -> str:
        if not obj.file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("modules:submission_file", args=[obj.pk]), obj.original_name
        )

    @admin.display(description=_("оценка"))
    def grade_link(self, obj: Submission) -> str:
        label = _("Изменить оценку") if obj.is_graded else _("Оценить")
        return format_html('<a href="{}">{}</a>', reverse("modules:grading", args=[obj.pk]), label)
