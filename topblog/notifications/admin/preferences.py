"""People's choices about optional mail, read-only for organizers."""

from django.contrib import admin

from topblog.notifications.models import NotificationPreference


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "email_optional", "updated_at")
    list_filter = ("email_optional",)
    search_fields = ("user__email",)
    list_select_related = ("user",)
    readonly_fields = ("user", "email_optional", "updated_at")

    def has_add_permission(self, request) -> bool:
        # A person's choice: made by them through the portal or the unsubscribe link.
        return False
