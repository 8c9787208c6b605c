"""Who of the confirmed finalists has stated their wishes for a team, and what: a
read-only list with the filter «не указали» and a CSV download, so organizers can
remind those who have not before the formation."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from modules.models import FinalistStatus
from teams.models import FinalistWishes, TeamPreference
from topblog.backoffice.exports import csv_response


class StatedFilter(admin.SimpleListFilter):
    title = _("пожелания по команде")
    parameter_name = "stated"

    def lookups(self, request, model_admin):
        return [("yes", _("указали")), ("no", _("не указали"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(stated=self.value() == "yes")
        return queryset


@admin.register(FinalistWishes)
class FinalistWishesAdmin(admin.ModelAdmin):
    list_display = ["application", "role", "direction", "stated_mark", "wishes", "stated_at"]
    list_filter = [StatedFilter, "role", "direction", "season"]
    search_fields = ["application__last_name", "application__first_name", "application__applicant__email"]
    list_select_related = ["application", "direction", "team_preference"]
    ordering = ["direction__position", "role", "application__last_name"]
    actions = ["export_csv"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(status=FinalistStatus.CONFIRMED)
            .annotate(stated=Exists(TeamPreference.objects.filter(finalist_id=OuterRef("pk"))))
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("указали"), boolean=True, ordering="stated")
    def stated_mark(self, obj) -> bool:
        return obj.stated

    @admin.display(description=_("направления по желанию"))
    def wishes(self, obj) -> str:
        return ", ".join(obj.team_preference.directions) if obj.stated else "—"

    @admin.display(description=_("указаны"), ordering="team_preference__updated_at")
    def stated_at(self, obj):
        return obj.team_preference.updated_at if obj.stated else None

    @admin.action(description=_("Выгрузить в CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        rows = (
            [
                f.application_id,
                f"{f.application.last_name} {f.application.first_name}",
                f.application.applicant.email,
                f.get_role_display(),
                f.direction.code,
                _("да") if f.stated else _("нет"),
                ", ".join(f.team_preference.directions) if f.stated else "",
                f.team_preference.updated_at if f.stated else None,
            ]
            for f in queryset.select_related(
                "application__applicant", "direction", "team_preference"
            ).order_by("direction__position", "role", "application__last_name")
        )
        headers = [
            "id",
            _("ФИО"),
            "email",
            _("роль"),
            _("направление"),
            _("указали пожелания"),
            _("направления по желанию"),
            _("когда указали"),
        ]
        return csv_response(headers=[str(h) for h in headers], rows=rows, filename="team-preferences.csv")
