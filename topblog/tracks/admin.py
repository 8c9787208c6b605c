from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _

from topblog.backoffice.inlines import LabelledInlineMixin
from topblog.tracks import services
from topblog.tracks.models import Direction, Region, Season, Stage


class StageInline(LabelledInlineMixin, admin.StackedInline):
    """Stacked, a stage to a block with its dates side by side: seven stages with two
    dates, two venues and a description each are too wide for a table on a laptop."""

    model = Stage
    extra = 0
    # "Добавить ещё один этап": Django's phrase agrees with a masculine noun.
    verbose_name = _("этап")
    fields = ["kind", ("starts_at", "ends_at"), ("venue", "venue_en"), "description"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}

    def row_label(self, obj: Stage) -> str:
        return obj.get_kind_display()


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "is_current",
        "bloggers_quota",
        "officials_quota",
        "finalists_quota",
        "team_size",
    ]
    list_filter = ["is_current", "project"]
    search_fields = ["track", "project"]
    fieldsets = [
        (None, {"fields": ["project", "track", "number", "is_current"]}),
        (_("Название по-английски"), {"fields": ["project_en", "track_en"]}),
        (_("Квоты"), {"fields": ["bloggers_quota", "officials_quota", "finalists_quota", "team_size"]}),
        (_("Возраст заявителей"), {"fields": ["min_applicant_age", "adult_age"]}),
    ]
    # Only season_make_current changes it: it unsets the previous season in the same
    # transaction and logs who did it.
    readonly_fields = ["is_current"]
    inlines = [StageInline]
    actions = ["make_current"]

    @admin.action(description=_("Сделать текущим сезоном"))
    def make_current(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Выберите ровно один сезон."), messages.ERROR)
            return
        season = services.season_make_current(season=queryset.get(), made_by=request.user)
        self.message_user(request, _("Текущий сезон: %(season)s.") % {"season": season}, messages.SUCCESS)


@admin.register(Direction)
class DirectionAdmin(admin.ModelAdmin):
    list_display = ["name", "ministry_short", "code", "position"]
    list_editable = ["position"]
    search_fields = ["name", "name_en", "ministry", "code"]
    ordering = ["position"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "federal_district", "population_thousands"]
    list_filter = ["federal_district"]
    search_fields = ["name", "name_en", "code"]
    ordering = ["code"]

    def get_search_results(self, request, queryset, search_term):
        """Any case of any alphabet: «нижегор» finds «Нижегородская область» on SQLite
        too, whose LIKE folds only Latin letters. 89 rows are compared in Python."""
        term = search_term.strip().casefold()
        if not term:
            return queryset, False
        rows = queryset.values_list("pk", "name", "name_en", "code")
        found = [pk for pk, *texts in rows if any(term in text.casefold() for text in texts)]
        return queryset.filter(pk__in=found), False
