"""The finalists in the admin: the proposed list to review and publish, and every
finalist's standing and history. Statuses change only through the service."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications.admin import ReadOnlyInline
from modules.admin.base import ServiceWrittenAdmin, admin_page_context
from modules.finalist_report import ranking_report
from modules.forms import FinalistDeclineOnBehalfForm
from modules.models import Finalist, FinalistChange, FinalistStatus, ProgrammeSettings
from modules.models.finalists import PUBLISHED_STATUSES
from modules.services.finalist_list import finalists_propose, finalists_publish, finalists_ranking
from modules.services.finalists import finalist_status_change
from modules.validators import RANKING_RULES
from topblog.backoffice.exports import csv_response
from topblog.tracks.selectors import season_current

NAMES_SHOWN = 50


def _csv_row(row: tuple, statuses: dict) -> list:
    pk, last, first, email, role, direction, status, seat, waiting, score, rule, confirm_by = row
    name = f"{last} {first}"
    return [
        pk,
        name,
        email,
        role,
        direction,
        str(statuses[status]),
        seat,
        waiting,
        round(score, 4),
        rule,
        confirm_by,
    ]


class FinalistChangeInline(ReadOnlyInline, admin.TabularInline):
    model = FinalistChange
    fields = ["changed_at", "from_status", "to_status", "changed_by", "reason"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


@admin.register(Finalist)
class FinalistAdmin(ServiceWrittenAdmin):
    list_display = [
        "application",
        "role",
        "direction",
        "status",
        "seat",
        "waiting_position",
        "score",
        "rule_display",
        "confirm_by",
    ]
    list_filter = ["status", "role", "direction", "season"]
    search_fields = ["application__last_name", "application__first_name", "application__applicant__email"]
    list_select_related = ["application", "direction"]
    ordering = ["direction__position", "role", "seat", "waiting_position"]
    actions = ["publish", "decline_on_behalf", "export_csv"]
    fields = [
        "application",
        "season",
        "role",
        "direction",
        "status",
        "seat",
        "waiting_position",
        "score",
        "programme_score",
        "review_score",
        "rule",
        "invited_at",
        "confirm_by",
        "decided_at",
        "skills",
        "accommodation_needed",
        "preferences_updated_at",
    ]
    readonly_fields = fields
    inlines = [FinalistChangeInline]

    change_list_template = "admin/modules/finalist/change_list.html"

    def get_urls(self):
        return [
            path("select/", self.admin_site.admin_view(self.select_view), name="modules_finalist_select"),
            *super().get_urls(),
        ]

    def select_view(self, request):
        """The ranking as it stands, to read before saving it as the proposal (as
        ``select_finalists`` does); then the proposal is published from here or the list."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        season = season_current()
        if request.method == "POST" and season is not None:
            try:
                if "publish" in request.POST:
                    invited = finalists_publish(season_id=season.pk, by=request.user)
                    self.message_user(
                        request,
                        ngettext(
                            "Приглашён %(count)d финалист.", "Приглашено финалистов: %(count)d.", invited
                        )
                        % {"count": invited},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse("admin:modules_finalist_changelist"))
                finalists_propose(season_id=season.pk, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return HttpResponseRedirect(request.path)
            self.message_user(
                request, _("Список сохранён как предложение. Проверьте его и опубликуйте."), messages.SUCCESS
            )
            return HttpResponseRedirect(
                f"{reverse('admin:modules_finalist_changelist')}?status__exact=proposed"
            )
        report, refusal = None, ""
        if season is not None:
            try:
                report = ranking_report(
                    finalists_ranking(
                        season=season, programme=ProgrammeSettings.for_season(season), now=timezone.now()
                    )
                )
            except ValidationError as error:
                refusal = " ".join(error.messages)
        context = admin_page_context(
            self,
            request,
            title=_("Отбор финалистов"),
            season=season,
            report=report,
            refusal=refusal,
            proposed=season is not None
            and Finalist.objects.filter(season=season, status="proposed").exists(),
            published=season is not None
            and Finalist.objects.filter(season=season, status__in=PUBLISHED_STATUSES).exists(),
        )
        return TemplateResponse(request, "admin/modules/finalist/select.html", context)

    @admin.display(description=_("что решило"), ordering="rule")
    def rule_display(self, obj: Finalist) -> str:
        return str(RANKING_RULES.get(obj.rule, obj.rule))

    @admin.action(
        description=_("Опубликовать предложенный список (пригласить финалистов)"), permissions=["change"]
    )
    def publish(self, request, queryset) -> None:
        for season_id in sorted(set(queryset.values_list("season_id", flat=True))):
            try:
                invited = finalists_publish(season_id=season_id, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    ngettext("Приглашён %(count)d финалист.", "Приглашено финалистов: %(count)d.", invited)
                    % {"count": invited},
                    messages.SUCCESS,
                )

    @admin.action(description=_("Отметить отказ от участия"), permissions=["change"])
    def decline_on_behalf(self, request, queryset):
        form = FinalistDeclineOnBehalfForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            declined, refused = 0, []
            for finalist in queryset.select_related("application"):
                try:
                    finalist_status_change(
                        finalist_id=finalist.pk,
                        to_status=FinalistStatus.DECLINED,
                        by=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                except ValidationError as error:
                    refused.append(f"{finalist.application}: {' '.join(error.messages)}")
                else:
                    declined += 1
            if declined:
                self.message_user(
                    request,
                    ngettext(
                        "Отмечен отказ %(count)d финалиста.",
                        "Отмечены отказы финалистов: %(count)d.",
                        declined,
                    )
                    % {"count": declined},
                    messages.SUCCESS,
                )
            if refused:
                self.message_user(request, "; ".join(refused[:NAMES_SHOWN]), messages.ERROR)
            return None
        chosen = list(queryset.select_related("application"))
        context = admin_page_context(
            self,
            request,
            title=_("Отметить отказ финалистов"),
            form=form,
            finalists=[(str(f.application), f.get_status_display()) for f in chosen[:NAMES_SHOWN]],
            more=max(0, len(chosen) - NAMES_SHOWN),
            ids=[f.pk for f in chosen],
            action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
            action="decline_on_behalf",
            media=self.media,
        )
        return TemplateResponse(request, "admin/modules/finalist/decline.html", context)

    @admin.action(description=_("Экспорт выбранных в CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        statuses = dict(FinalistStatus.choices)
        values = queryset.order_by("direction__position", "role", "seat", "waiting_position").values_list(
            "application_id", "application__last_name", "application__first_name",
            "application__applicant__email", "role", "direction__code", "status", "seat", "waiting_position",
            "score", "rule", "confirm_by",
        )  # fmt: skip
        rows = (_csv_row(row, statuses) for row in values)
        headers = [
            "id",
            _("ФИО"),
            "email",
            _("роль"),
            _("направление"),
            _("статус"),
            _("место"),
            _("лист ожидания"),
            _("балл"),
            _("что решило"),
            _("подтвердить до"),
        ]
        return csv_response(headers=[str(h) for h in headers], rows=rows, filename="finalists.csv")
