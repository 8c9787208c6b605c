from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from modules.models import ProgrammeSettings


@admin.register(ProgrammeSettings)
class ProgrammeSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "season",
        "programme_name",
        "min_attendance_percent",
        "pass_percent",
        "programme_weight_percent",
        "confirm_days",
        "certificate_prefix",
    ]
    list_select_related = ["season"]
    list_filter = ["season__is_current"]
    search_fields = ["programme_name", "season__track"]
    fieldsets = [
        (None, {"fields": ["season", "programme_name", "issuer_name", "study_form", "funding_source"]}),
        (_("Условия выдачи удостоверения"), {"fields": ["min_attendance_percent", "pass_percent"]}),
        (
            _("Отбор финалистов"),
            {
                "fields": [
                    "programme_weight_percent",
                    "officials_per_team",
                    "confirm_days",
                    "confirmation_reminder_hours",
                ]
            },
        ),
        (_("Напоминания о занятиях"), {"fields": ["session_reminder_hours"]}),
        (
            _("Нумерация удостоверений"),
            {"fields": ["certificate_prefix", "certificate_first_number", "certificate_digits"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The season of a saved row stays: certificates and finalists hang on it.
        return ["season"] if obj is not None else []
