"""The season's review settings, with its criteria and the selection's minimums, the
"assign experts" action and the review progress page."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications import scoring
from applications.review import selectors, services
from applications.review.models import Criterion, ReviewSettings, SelectionMinimum


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = [
        "position",
        "name",
        "name_en",
        "weight",
        "scale_min",
        "scale_max",
        "description",
        "description_en",
    ]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})}}


class MinimumsFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        season = self.instance.season
        minimums = {
            (form.cleaned_data["role"], form.cleaned_data["direction"].code): form.cleaned_data["minimum"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("direction")
        }
        try:
            scoring.minimums_check(
                {"blogger": season.bloggers_quota, "official": season.officials_quota}, minimums
            )
        except ValueError as error:
            raise ValidationError(
                _(
                    "Минимумы одной роли в сумме больше её квоты в сезоне (блогеров %(bloggers)s, "
                    "представителей %(officials)s)."
                )
                % {"bloggers": season.bloggers_quota, "officials": season.officials_quota}
            ) from error


class SelectionMinimumInline(admin.TabularInline):
    model = SelectionMinimum
    formset = MinimumsFormSet
    extra = 0
    fields = ["role", "direction", "minimum"]


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "season",
        "reviewers_per_application",
        "due_days",
        "disagreement_threshold",
        "blind_review",
        "comments_to_applicants",
        "pages",
    ]
    list_select_related = ["season"]
    search_fields = ["season__track", "season__number"]
    list_filter = ["blind_review", "comments_to_applicants"]
    fieldsets = [
        (None, {"fields": ["season"]}),
        (_("Назначение экспертов"), {"fields": ["reviewers_per_application", "due_days"]}),
        (_("Расхождение оценок"), {"fields": ["disagreement_threshold", "comparable_after"]}),
        (_("Что видно"), {"fields": ["blind_review", "comments_to_applicants"]}),
    ]
    inlines = [CriterionInline, SelectionMinimumInline]
    actions = ["assign_experts"]

    def get_readonly_fields(self, request, obj=None):
        return ["season"] if obj is not None else []

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and "blind_review" in form.changed_data:
            changed = services.review_settings_apply(season_id=obj.season_id)
            self.message_user(
                request,
                ngettext(
                    "Открытых назначений с новой настройкой видимости: %(count)d.",
                    "Открытых назначений с новой настройкой видимости: %(count)d.",
                    changed,
                )
                % {"count": changed},
            )

    @admin.display(description=_("страницы"))
    def pages(self, obj: ReviewSettings) -> str:
        return format_html(
            '<a href="{}">{}</a> · <a href="{}?selection__season__id__exact={}">{}</a>',
            reverse("admin:review_reviewsettings_progress", args=[obj.season_id]),
            _("ход экспертизы"),
            reverse("admin:review_selectiondecision_changelist"),
            obj.season_id,
            _("отбор"),
        )

    @admin.action(description=_("Назначить экспертов заявкам сезона"), permissions=["change"])
    def assign_experts(self, request, queryset) -> None:
        for review_settings in queryset.select_related("season"):
            try:
                run = services.assign_reviewers(season_id=review_settings.season_id, by=request.user)
            except ValidationError as refused:
                self.message_user(
                    request, f"{review_settings.season}: {' '.join(refused.messages)}", messages.ERROR
                )
                continue
            level = messages.WARNING if run.short else messages.SUCCESS
            self.message_user(request, f"{review_settings.season}: {run.summary()}", level)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:season_id>/progress/", view(self.progress_view), name="review_reviewsettings_progress"
            ),
            *super().get_urls(),
        ]

    def progress_view(self, request, season_id: int):
        """Per expert: assigned, done, overdue; the same per direction."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        review_settings = get_object_or_404(ReviewSettings.objects.select_related("season"), pk=season_id)
        now = timezone.now()
        by_expert = selectors.review_progress_by_expert(season_id=season_id, now=now)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Ход экспертизы"),
            "subtitle": str(review_settings.season),
            "opts": self.model._meta,
            "season": review_settings.season,
            "by_expert": by_expert,
            "by_direction": selectors.review_progress_by_direction(season_id=season_id, now=now),
            "totals": {
                "assigned": sum(r.assigned for r in by_expert),
                "done": sum(r.done for r in by_expert),
                "overdue": sum(r.overdue for r in by_expert),
            },
        }
        return TemplateResponse(request, "admin/review/progress.html", context)
