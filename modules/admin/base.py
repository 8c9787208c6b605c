"""What the programme's admin pages share."""

from django.contrib import admin


class ServiceWrittenAdmin(admin.ModelAdmin):
    """A model only services write: viewed here, changed through the actions, which
    need the "change" permission."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None:
            return False
        return super().has_change_permission(request)


def admin_page_context(model_admin: admin.ModelAdmin, request, **extra) -> dict:
    return {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, **extra}
