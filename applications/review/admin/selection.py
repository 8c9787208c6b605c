"""The selection's ranking page: the kept proposal with score, disagreement, reviews
done and decision, counted against the quotas, the minimums and the federal districts;
computing the proposal, overriding one decision with a reason, publishing, and the
ranking as XLSX. Every change goes through the selection services."""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, CharField, Value, When
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from applications.exports import xlsx_response
from applications.models import ApplicantRole
from applications.review import proposal, services, tasks
from applications.review.admin.columns import StandingColumns
from applications.review.forms import OverrideForm
from applications.review.models import Decision, Proposed, Selection, SelectionDecision
from topblog.notifications.publishing import task_publish
from topblog.tracks.models import Direction, FederalDistrict, Season
from topblog.tracks.selectors import season_current

SEASON_PARAMETER = "selection__season__id__exact"


class FinalFilter(admin.SimpleListFilter):
    title = _("итоговое решение")
    parameter_name = "final"

    def lookups(self, request, model_admin):
        return [*Decision.choices, ("undecided", _("Нет решения"))]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(final_decision="" if self.value() == "undecided" else self.value())
        return queryset


def _labelled(counted: proposal.Tally) -> dict:
    """The tally's lines with names for the page, in the active language."""
    roles = dict(ApplicantRole.choices)
    directions = dict(Direction.objects.values_list("code", "name"))
    districts = dict(FederalDistrict.choices)

    def rows(lines, label):
        return [{"label": label(line.key), "line": line} for line in lines]

    return {
        "roles": rows(counted.roles, lambda k: roles.get(k[1], k[1])),
        "directions": rows(
            counted.directions, lambda k: f"{roles.get(k[1], k[1])} · {directions.get(k[2], k[2])}"
        ),
        "districts": rows(counted.districts, lambda k: districts.get(k[1]) or "—"),
        "held_out": counted.held_out,
        "overridden": counted.overridden,
    }


@admin.register(SelectionDecision)
class SelectionDecisionAdmin(StandingColumns, admin.ModelAdmin):
    list_display = [
        "rank",
        "name",
        "role",
        "direction_short",
        "district",
        "score_shown",
        "disagreement_shown",
        "reviews_done",
        "proposed",
        "final_shown",
        "override_reason",
    ]
    list_display_links = ["name"]
    list_filter = [
        "selection__season",
        "role",
        "direction",
        "proposed",
        FinalFilter,
        "held_out_reason",
        "application__region__federal_district",
    ]
    search_fields = ["application__last_name", "application__first_name", "=application__id"]
    search_help_text = _("Фамилия, имя или номер заявки.")
    list_select_related = ["application__region", "direction"]
    list_per_page = 100
    change_list_template = "admin/review/selectiondecision/change_list.html"
    actions = ["export_xlsx"]
    fields = [
        "application_link",
        *proposal.PROPOSED_FIELDS,
        "override",
        "override_reason",
        "overridden_by",
        "overridden_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # The detail page is read; the override page and the actions are the way to act.
        return obj is None and super().has_change_permission(request)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                final_decision=Case(
                    When(override__gt="", then="override"),
                    When(proposed=Proposed.HELD_OUT, then=Value("")),
                    default="proposed",
                    output_field=CharField(),
                )
            )
        )

    @admin.display(description=_("заявка"), ordering="application__last_name")
    def name(self, obj: SelectionDecision) -> str:
        return f"№{obj.application_id} {obj.application.full_name}"

    @admin.display(description=_("заявка"))
    def application_link(self, obj: SelectionDecision) -> str:
        url = reverse("admin:applications_application_change", args=[obj.application_id])
        return format_html('<a href="{}">№{} {}</a>', url, obj.application_id, obj.application.full_name)

    @admin.display(description=_("направление"), ordering="direction__position")
    def direction_short(self, obj: SelectionDecision) -> str:
        return obj.direction.ministry_short

    @admin.display(description=_("ФО"), ordering="application__region__federal_district")
    def district(self, obj: SelectionDecision) -> str:
        region = obj.application.region
        return region.get_federal_district_display() if region else "—"

    @admin.display(description=_("решение"), ordering="final_decision")
    def final_shown(self, obj: SelectionDecision) -> str:
        url = reverse("admin:review_selectiondecision_override", args=[obj.pk])
        label = obj.get_final_display()
        return format_html('<a href="{}">{}</a>{}', url, label, " ✎" if obj.override else "")

    # --- the page: the season's counts and state above the list

    def _season(self, request) -> Season | None:
        season_id = request.GET.get(SEASON_PARAMETER) or request.POST.get("season")
        if season_id and str(season_id).isdigit():
            return Season.objects.filter(pk=season_id).first()
        return season_current()

    def changelist_view(self, request, extra_context=None):
        season = self._season(request)
        context = {"title": _("Отбор участников"), "season": season}
        if season is not None:
            selection = Selection.objects.filter(season=season).first()
            context.update(
                {
                    "selection": selection,
                    "tally": _labelled(proposal.decisions_tally(season=season)),
                    "refusal": services.selection_publish_refusal(selection=selection) if selection else None,
                }
            )
        return super().changelist_view(request, {**context, **(extra_context or {})})

    # --- actions and pages

    @admin.action(description=_("Выгрузить выбранные в XLSX"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        return _ranking_xlsx(queryset)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("propose/", view(require_POST(self.propose_view)), name="review_selectiondecision_propose"),
            path("publish/", view(self.publish_view), name="review_selectiondecision_publish"),
            path("export/xlsx/", view(self.export_view), name="review_selectiondecision_export"),
            path(
                "<int:application_id>/override/",
                view(self.override_view),
                name="review_selectiondecision_override",
            ),
            *super().get_urls(),
        ]

    def _back(self, season: Season | None) -> HttpResponseRedirect:
        url = reverse("admin:review_selectiondecision_changelist")
        return HttpResponseRedirect(f"{url}?{SEASON_PARAMETER}={season.pk}" if season else url)

    def propose_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        season = self._season(request)
        if season is None:
            raise PermissionDenied
        try:
            result = services.selection_propose(season_id=season.pk, by=request.user)
        except ValidationError as refused:
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                _("Предложение рассчитано: заявок %(count)s, отложено %(held)s.")
                % {"count": len(result.rows), "held": len(result.held_out)},
                messages.SUCCESS,
            )
        return self._back(season)

    def publish_view(self, request):
        """A confirmation page with what publishing will do; publishing itself runs in a
        task (thousands of status changes and letters), queued once this commits."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        season = self._season(request)
        selection = get_object_or_404(Selection, season=season) if season else None
        if selection is None:
            raise PermissionDenied
        refusal = services.selection_publish_refusal(selection=selection)
        if request.method == "POST" and selection.published_at is None and refusal is None:
            # Nothing is written before the task runs, so no sweep would queue it later: if
            # the broker does not take it, the organizer hears so, rather than a 500.
            if not task_publish(tasks.selection_publish_task, season.pk, request.user.pk):
                self.message_user(
                    request,
                    _("Публикация не запущена: очередь задач недоступна. Попробуйте через минуту."),
                    messages.ERROR,
                )
                return self._back(season)
            self.message_user(
                request,
                _(
                    "Публикация итогов запущена: статусы заявок изменятся, и каждый заявитель "
                    "получит письмо в ближайшие минуты."
                ),
                messages.SUCCESS,
            )
            return self._back(season)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Опубликовать итоги отбора"),
            "opts": self.model._meta,
            "season": season,
            "selection": selection,
            "refusal": refusal,
            "tally": _labelled(proposal.decisions_tally(season=season)),
        }
        return TemplateResponse(request, "admin/review/selectiondecision/publish.html", context)

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(
                f"{reverse('admin:review_selectiondecision_changelist')}?{ERROR_FLAG}=1"
            )
        return _ranking_xlsx(changelist.queryset)

    def override_view(self, request, application_id: int):
        if not self.has_change_permission(request):
            raise PermissionDenied
        decision = get_object_or_404(
            SelectionDecision.objects.select_related("application", "direction", "selection__season"),
            pk=application_id,
        )
        form = OverrideForm(
            request.POST or None, initial={"decision": decision.override, "reason": decision.override_reason}
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.selection_override(
                    application_id=decision.pk,
                    decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                self.message_user(
                    request,
                    _("Решение по заявке №%(number)s сохранено.") % {"number": decision.pk},
                    messages.SUCCESS,
                )
                return self._back(decision.selection.season)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Решение по заявке №%(number)s") % {"number": decision.pk},
            "subtitle": decision.application.full_name,
            "opts": self.model._meta,
            "decision": decision,
            "form": form,
        }
        return TemplateResponse(request, "admin/review/selectiondecision/override.html", context)


def _ranking_xlsx(queryset):
    headers = [
        _("место"),
        "id",
        _("ФИО"),
        _("роль"),
        _("направление"),
        _("регион"),
        _("ФО"),
        _("балл"),
        _("расхождение"),
        _("оценок"),
        _("предложено"),
        _("решение"),
        _("обоснование"),
    ]
    roles, districts = dict(ApplicantRole.choices), dict(FederalDistrict.choices)
    proposed_labels = dict(Proposed.choices)
    rows = (
        [
            d.rank,
            d.application_id,
            d.application.full_name,
            str(roles.get(d.role, d.role)),
            d.direction.name,
            d.application.region.name if d.application.region else "",
            str(districts.get(d.application.region.federal_district, "")) if d.application.region else "",
            None if d.score is None else round(d.score, 4),
            None if d.disagreement is None else round(d.disagreement, 4),
            d.reviews_done,
            str(proposed_labels[d.proposed]),
            d.get_final_display(),
            d.override_reason,
        ]
        for d in queryset.select_related("application__region", "direction").iterator(chunk_size=2000)
    )
    return xlsx_response(
        sheet_title=str(_("Рейтинг")),
        headers=[str(h) for h in headers],
        rows=rows,
        filename=f"отбор-{timezone.localdate():%Y-%m-%d}.xlsx",
    )
