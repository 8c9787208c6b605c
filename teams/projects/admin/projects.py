"""Projects, their links, comments and history in the admin: read and exported; the
teams write them on their pages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from teams.projects.admin.base import ServiceWrittenAdmin
from teams.projects.models import MediaProject, ProjectChange, ProjectComment, ProjectLink


class LinkInline(admin.TabularInline):
    model = ProjectLink
    fields = ["url", "platform", "title", "added_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MediaProject)
class MediaProjectAdmin(ServiceWrittenAdmin):
    list_display = ["title", "team", "format", "status", "version", "updated_at"]
    list_filter = ["team__season", "team__direction", "status", "format"]
    search_fields = ["title", "goal", "audience", "links__url"]
    list_select_related = ["team__direction", "team__season"]
    readonly_fields = [
        "team",
        "title",
        "goal",
        "format",
        "platforms",
        "audience",
        "status",
        "responsible",
        "version",
        "created_at",
        "updated_at",
    ]
    inlines = [LinkInline]
    export_name = "media-projects"
    export_headers = (
        _("Сезон"),
        _("Направление"),
        _("Проект"),
        _("Цель"),
        _("Формат"),
        _("Площадки"),
        _("Аудитория"),
        _("Статус"),
        _("Ссылок"),
        _("Изменён"),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def export_rows(self, queryset):
        for project in queryset.select_related("team__direction", "team__season").prefetch_related("links"):
            yield (
                str(project.team.season),
                project.team.direction.name,
                project.title,
                project.goal,
                project.get_format_display(),
                ", ".join(project.platforms),
                project.audience,
                project.get_status_display(),
                len(project.links.all()),
                project.updated_at,
            )


@admin.register(ProjectLink)
class ProjectLinkAdmin(ServiceWrittenAdmin):
    list_display = ["url", "project", "platform", "added_at"]
    list_filter = ["project__team__season", "project__team__direction", "platform"]
    search_fields = ["url", "title", "project__title"]
    list_select_related = ["project"]
    readonly_fields = ["project", "url", "platform", "title", "added_at"]
    export_name = "project-links"
    export_headers = (_("url"), _("Проект"), _("Площадка"), _("Что это"), _("Добавлена"))

    def export_rows(self, queryset):
        for link in queryset.select_related("project"):
            yield (link.url, link.project.title, link.get_platform_display(), link.title, link.added_at)


@admin.register(ProjectComment)
class ProjectCommentAdmin(ServiceWrittenAdmin):
    list_display = ["project", "checkpoint", "author", "created_at"]
    list_filter = ["project__team__season", "project__team__direction", "checkpoint"]
    search_fields = ["text", "project__title", "author__email"]
    list_select_related = ["project", "checkpoint", "author"]
    readonly_fields = ["project", "checkpoint", "author", "text", "created_at"]
    export_name = "project-comments"
    export_headers = (_("Проект"), _("Контрольная точка"), _("Автор"), _("Комментарий"), _("Написан"))

    def export_rows(self, queryset):
        for c in queryset.select_related("project", "checkpoint", "author"):
            yield (
                c.project.title,
                c.checkpoint.title if c.checkpoint else "",
                str(c.author or ""),
                c.text,
                c.created_at,
            )


@admin.register(ProjectChange)
class ProjectChangeAdmin(ServiceWrittenAdmin):
    list_display = ["project", "action", "changed_by", "changed_at"]
    list_filter = ["action", "project__team__season", "project__team__direction"]
    search_fields = ["project__title", "changed_by__email"]
    list_select_related = ["project", "changed_by"]
    readonly_fields = ["project", "action", "details", "changed_by", "changed_at"]
    date_hierarchy = "changed_at"
    export_name = "project-history"
    export_headers = (_("Проект"), _("Действие"), _("Подробности"), _("Кто"), _("Когда"))

    def has_delete_permission(self, request, obj=None) -> bool:
        # The history is the record of who did what; nobody rewrites it.
        return False

    def export_rows(self, queryset):
        for c in queryset.select_related("project", "changed_by"):
            yield (
                c.project.title,
                c.get_action_display(),
                str(c.details),
                str(c.changed_by or ""),
                c.changed_at,
            )
