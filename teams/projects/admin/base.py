"""What the workspace's admin pages share."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from topblog.backoffice.exports import csv_response, xlsx_response


class ServiceWrittenAdmin(admin.ModelAdmin):
    """A model only the services write: organizers read it here and export it."""

    actions = ["export_csv", "export_xlsx"]
    export_name = "export"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request)

    # Each admin names its columns and gives export_rows(queryset) in their order.
    export_headers: tuple = ()

    @admin.action(description=_("Экспорт выбранных в CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return csv_response(
            headers=self.export_headers, rows=self.export_rows(queryset), filename=f"{self.export_name}.csv"
        )

    @admin.action(description=_("Экспорт выбранных в XLSX"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        return xlsx_response(
            sheet_title=self.model._meta.verbose_name_plural,
            headers=self.export_headers,
            rows=self.export_rows(queryset),
            filename=f"{self.export_name}.xlsx",
        )
