"""Assignments of experts, read-only: who reviews what, by when, how far they got, and
which are overdue. They are made and cancelled by the assignment services only."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications.models import ReviewAssignment
from applications.review.models import ReviewState
from applications.review.selectors import SUBMITTED_REVIEW


class StateFilter(admin.SimpleListFilter):
    title = _("состояние")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("после срока")),
            ("todo", _("не начата")),
            ("draft", _("черновик")),
            ("submitted", _("отправлена")),
            ("cancelled", _("снята")),
        ]

    def queryset(self, request, queryset):
        active = queryset.filter(cancelled_at__isnull=True)
        match self.value():
            case "overdue":
                return active.exclude(SUBMITTED_REVIEW).filter(due_at__lt=timezone.now())
            case "todo":
                return active.filter(review__isnull=True)
            case "draft":
                return active.filter(review__state=ReviewState.DRAFT)
            case "submitted":
                return active.filter(SUBMITTED_REVIEW)
            case "cancelled":
                return queryset.filter(cancelled_at__isnull=False)
        return queryset


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(admin.ModelAdmin):
    list_display = [
        "application_link",
        "expert",
        "reason",
        "due_at",
        "state",
        "overdue",
        "blind",
        "assigned_at",
    ]
    list_filter = [StateFilter, "reason", "blind", "application__season"]
    search_fields = ["expert__email", "expert__last_name", "application__last_name", "=application__id"]
    search_help_text = _("Эксперт (почта, фамилия), фамилия заявителя или номер заявки.")
    list_select_related = ["application", "expert", "review"]
    date_hierarchy = "due_at"
    list_per_page = 100
    fields = [
        "application_link",
        "expert",
        "reason",
        "assigned_at",
        "due_at",
        "blind",
        "cancelled_at",
        "review_shown",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("заявка"), ordering="application_id")
    def application_link(self, obj: ReviewAssignment) -> str:
        url = reverse("admin:applications_application_change", args=[obj.application_id])
        return format_html('<a href="{}">№{} {}</a>', url, obj.application_id, obj.application.full_name)

    @admin.display(description=_("состояние"))
    def state(self, obj: ReviewAssignment) -> str:
        if obj.cancelled_at:
            return _("снята")
        review = getattr(obj, "review", None)
        if review is None:
            return _("не начата")
        return review.get_state_display()

    @admin.display(description=_("после срока"), boolean=True)
    def overdue(self, obj: ReviewAssignment) -> bool:
        review = getattr(obj, "review", None)
        finished = review is not None and review.state == ReviewState.SUBMITTED
        return bool(obj.due_at and not obj.cancelled_at and not finished and obj.due_at < timezone.now())

    @admin.display(description=_("оценка"))
    def review_shown(self, obj: ReviewAssignment) -> str:
        review = getattr(obj, "review", None)
        if review is None:
            return "—"
        scores = review.scores.select_related("criterion").order_by("criterion__position")
        return render_to_string("admin/review/review_shown.html", {"review": review, "scores": scores})
