"""Experts: invited from the "add" page, their directions, ministry and declared
conflicts, their workload this season, and taking them off the review."""



from django.contrib import admin, messages
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications.review import selectors, services
from applications.review.forms import ExpertInviteForm
from applications.review.models import ExpertConflict, ExpertProfile
from topblog.backoffice.exports import csv_response


class ExpertConflictInline(admin.TabularInline):
    model = ExpertConflict
    extra = 0
    fields = ["kind", "person", "organization", "region", "note"]
    raw_id_fields = ["person"]


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "directions_shown",
        "ministry",
        "is_active",
        "assigned",
        "done",
        "overdue",
        "invited_at",
    ]
    list_filter = ["is_active", "directions", "ministry"]
    search_fields = ["user__email", "user__last_name", "user__first_name", "organization"]
    list_select_related = ["user", "ministry"]
    inlines = [ExpertConflictInline]
    actions = ["invitation_resend", "deactivate", "activate", "export_csv"]
    add_form = ExpertInviteForm
    readonly_fields = ["user", "is_active", "invited_at", "invited_by", "deactivated_at"]
    fields = [
        "user",
        "directions",
        "ministry",
        "organization",
        "is_active",
        "invited_at",
        "invited_by",
        "deactivated_at",
    ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["email", "last_name", "first_name", "directions", "ministry", "organization"]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_inlines(self, request, obj):
        # The conflicts of someone not yet invited have no profile to hang on.
        return self.inlines if obj is not None else []

    def get_queryset(self, request):
        experts = super().get_queryset(request).prefetch_related("directions")
        return selectors.experts_with_workload(experts, now=timezone.now())

    @admin.display(description=_("направления"))
    def directions_shown(self, obj: ExpertProfile) -> str:
        return ", ".join(d.name for d in obj.directions.all())

    @admin.display(description=_("назначено"), ordering="assigned_count")
    def assigned(self, obj: ExpertProfile) -> int:
        return obj.assigned_count

    @admin.display(description=_("оценено"), ordering="done_count")
    def done(self, obj: ExpertProfile) -> int:
        return obj.done_count

    @admin.display(description=_("после срока"), ordering="overdue_count")
    def overdue(self, obj: ExpertProfile) -> int:
        return obj.overdue_count

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        profile = services.expert_invite(
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            directions=data["directions"],
            ministry=data["ministry"],
            organization=data["organization"],
            invited_by=request.user,
        )
        obj.pk, obj.user_id = profile.pk, profile.user_id
        self.message_user(
            request, _("Приглашение отправлено на %(email)s.") % {"email": data["email"]}, messages.SUCCESS
        )

    def save_related(self, request, form, formsets, change) -> None:
        # An invitation sets the directions itself (expert_invite).
        if change:
            super().save_related(request, form, formsets, change)

    @admin.action(description=_("Отправить приглашение ещё раз"), permissions=["change"])
    def invitation_resend(self, request, queryset) -> None:
        profiles = list(queryset.select_related("user"))
        for profile in profiles:
            services.expert_invitation_send(user=profile.user)
        self.message_user(
            request,
            ngettext(
                "Приглашение отправлено %(count)d эксперту.",
                "Приглашения отправлены экспертам: %(count)d.",
                len(profiles),
            )
            % {"count": len(profiles)},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Отстранить от экспертизы (незавершённые оценки — другим)"), permissions=["change"]
    )
    def deactivate(self, request, queryset) -> None:
        handed_over = sum(
            services.expert_deactivate(user_id=pk, by=request.user)
            for pk in queryset.filter(is_active=True).values_list("pk", flat=True)
        )
        self.message_user(
            request,
            _("Отстранено. Передано другим экспертам заявок: %(count)s.") % {"count": handed_over},
            messages.SUCCESS,
        )

    @admin.action(description=_("Вернуть к экспертизе"), permissions=["change"])
    def activate(self, request, queryset) -> None:
        for pk in queryset.filter(is_active=False).values_list("pk", flat=True):
            services.expert_activate(user_id=pk, by=request.user)
        self.message_user(
            request, _("Эксперты снова получают заявки при следующем назначении."), messages.SUCCESS
        )

    @admin.action(description=_("Выгрузить в CSV"), permissions=["view"])
    def export_csv(self, request, queryset) -> StreamingHttpResponse:
        headers = [
            "email", _("имя"), _("направления"), _("министерство"), _("работает"),
            _("назначено"), _("оценено"), _("после срока"),
        ]
        rows = (
            [
                p.user.email,
                p.user.get_full_name(),
                self.directions_shown(p),
                p.ministry.ministry_short if p.ministry else "",
                int(p.is_active),
                p.assigned_count,
                p.done_count,
                p.overdue_count,
            ]
            for p in self.get_queryset(request).filter(pk__in=queryset.values("pk"))
        )
        filename = f"experts-{timezone.localdate():%Y-%m-%d}.csv"
        return csv_response(headers=headers, rows=rows, filename=filename)
