"""Organizers' view of the applications: a filtered, searchable list, a read-only detail
page with the portfolio, bulk actions that call the services, and exports.

Nothing here writes an application directly: the status and the duplicate flag change
only through ``applications.services``, which record the history."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications import exports, rules, services
from applications.models import (
    ApplicantRole,
    Application,
    ApplicationDirection,
    ApplicationStatus,
    MediaProjectIdea,
    StatusChange,
)
from topblog.accounts.models import Consent
from topblog.backoffice.filters import AutocompleteFilter, CountedChoicesFilter
from topblog.i18n import english_active
from topblog.tracks.selectors import direction_list

# Names listed by name in a message or on the confirmation page; the rest are counted.
NAMES_SHOWN = 50
# The role as a narrow column says it.
ROLE_SHORT = {ApplicantRole.BLOGGER: _("Блогер"), ApplicantRole.OFFICIAL: _("Министерство")}


class DirectionFilter(admin.SimpleListFilter):
    """Any of the (up to three) directions the applicant chose, whatever its rank: a
    ministry looks for everyone interested in it, not only those who put it first."""

    title = _("направление (любой приоритет)")
    parameter_name = "direction"
    rank: int | None = None

    def lookups(self, request, model_admin):
        return [(direction.code, direction.name_i18n) for direction in direction_list()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        chosen = ApplicationDirection.objects.filter(application=OuterRef("pk"), direction__code=self.value())
        if self.rank is not None:
            chosen = chosen.filter(rank=self.rank)
        # Exists, not a join: the list stays one row per application with no DISTINCT.
        return queryset.filter(Exists(chosen))


class FirstDirectionFilter(DirectionFilter):
    """The direction the applicant ranked first (an official's is their ministry's)."""

    title = _("первое направление")
    parameter_name = "first_direction"
    rank = 1


class ReadOnlyInline:
    """Children shown on the application page as they are; the services maintain them."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ApplicationDirectionInline(ReadOnlyInline, admin.TabularInline):
    model = ApplicationDirection
    fields = ["rank", "direction"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("direction")


class MediaProjectIdeaInline(ReadOnlyInline, admin.StackedInline):
    model = MediaProjectIdea
    fields = ["position", "title", "description"]


class StatusChangeInline(ReadOnlyInline, admin.TabularInline):
    """History is written by the status service only; here it is read."""

    model = StatusChange
    fields = ["changed_at", "from_status", "to_status", "changed_by", "reason"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


class WithdrawReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина отзыва"),
        max_length=rules.STATUS_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Попадёт в историю заявки и в письмо заявителю."),
        error_messages={"required": _("Укажите причину: без неё заявку не отозвать.")},
    )


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    # What an organizer sorts 8,500 rows by, narrow enough for 1,366 px with the filters open.
    list_display = [
        "full_name_display", "role_short", "region_short", "first_direction", "followers", "status",
        "submitted_on", "duplicate",
    ]
    list_filter = [
        ("status", CountedChoicesFilter), "role", ("region", AutocompleteFilter), "region__federal_district",
        DirectionFilter, FirstDirectionFilter, "is_possible_duplicate", "season",
    ]
    search_fields = [
        "last_name", "first_name", "patronymic", "applicant__email", "phone", "social_accounts__url",
    ]
    search_help_text = _("ФИО, электронная почта, телефон (в любом формате) или ссылка на соцсеть.")
    list_select_related = ["region", "applicant"]
    date_hierarchy = "submitted_at"
    list_per_page = 50
    change_list_template = "admin/applications/application/change_list.html"
    actions = ["duplicates_resolve", "withdraw_on_behalf", "export_selected_csv", "export_selected_xlsx"]
    fieldsets = [
        (None, {"fields": ["applicant", "season", "role", "status", "submitted_at", "created_at",
                           "updated_at"]}),
        (_("Заявитель"), {"fields": ["last_name", "first_name", "patronymic", "birth_date", "region", "city",
                                     "phone_shown"]}),
        (_("Министерство"), {"fields": ["ministry_direction", "department", "position"]}),
        (_("Портфолио"), {"fields": ["followers", "rkn_number", "portfolio", "motivation"]}),
        (_("Возможный дубль"), {"fields": ["is_possible_duplicate", "duplicate_reason", "duplicate_search",
                                           "duplicate_resolved_at", "duplicate_resolved_by"]}),
        (_("Согласия заявителя"), {"fields": ["consents"]}),
    ]
    readonly_fields = ["portfolio", "consents", "duplicate_search", "phone_shown", "followers"]
    inlines = [ApplicationDirectionInline, MediaProjectIdeaInline, StatusChangeInline]

    # --- permissions: the detail page is read-only, the actions are the way to act.

    def has_add_permission(self, request) -> bool:
        # An application belongs to its applicant and is started by them, never here.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Per object: nobody edits an application in the form (view only). In general
        # (obj is None): the "change" permission is what the actions below require.
        if obj is not None:
            return False
        return super().has_change_permission(request)

    # --- the list

    @property
    def media(self):
        region = Application._meta.get_field("region")
        return super().media + AutocompleteFilter.media_for(region, self.admin_site)

    def changelist_view(self, request, extra_context=None):
        # The list needs the width the app menu would take; the breadcrumbs lead out of it.
        context = {"title": _("Заявки"), "is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().changelist_view(request, context)

    def get_queryset(self, request):
        first = ApplicationDirection.objects.filter(application=OuterRef("pk"), rank=1)
        # A subquery per row in the same SELECT, not a query per row: the count stays flat.
        return super().get_queryset(request).annotate(
            first_direction_name=Subquery(first.values("direction__name")[:1]),
            first_direction_name_en=Subquery(first.values("direction__name_en")[:1]),
        )

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # "8 (916) 123-45-67" finds "+79161234567": the same normalisation the form applies.
        phone = rules.phone_normalize(search_term.strip()) if search_term else None
        if phone:
            # Both sides keep the list's filters: the search only widens within them.
            found |= queryset.filter(phone=phone)
        return found, may_have_duplicates

    @admin.display(description=_("ФИО"), ordering="last_name")
    def full_name_display(self, obj: Application) -> str:
        # The column is narrow and cut with an ellipsis; the whole name shows on hover.
        name = obj.full_name or obj.applicant.email
        return format_html('<span title="{}">{}</span>', name, name)

    @admin.display(description=_("роль"), ordering="role")
    def role_short(self, obj: Application) -> str:
        return str(ROLE_SHORT.get(obj.role, obj.get_role_display()))

    @admin.display(description=_("регион"), ordering="region__name")
    def region_short(self, obj: Application) -> str:
        if obj.region is None:
            return "—"
        return format_html('<span title="{}">{}</span>', obj.region, obj.region.short_name)

    @admin.display(description=_("первое направление"), ordering="first_direction_name")
    def first_direction(self, obj: Application) -> str:
        english = english_active() and obj.first_direction_name_en
        return (obj.first_direction_name_en if english else obj.first_direction_name) or "—"

    @admin.display(description=_("телефон"))
    def phone_shown(self, obj: Application) -> str:
        return rules.phone_display(obj.phone) or "—"

    @admin.display(description=_("подписчиков"), ordering="total_followers")
    def followers(self, obj: Application) -> str:
        return intcomma(obj.total_followers)

    @admin.display(description=_("дубль"), ordering="is_possible_duplicate", boolean=True)
    def duplicate(self, obj: Application) -> bool:
        return obj.is_possible_duplicate

    @admin.display(description=_("подана"), ordering="submitted_at")
    def submitted_on(self, obj: Application) -> str:
        if obj.submitted_at is None:
            return "—"
        return date_format(timezone.localtime(obj.submitted_at), "SHORT_DATE_FORMAT")

    # --- the detail page

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.role == ApplicantRole.BLOGGER:
            # A blogger names no ministry: three empty rows would only be noise.
            return [(name, options) for name, options in fieldsets if name != _("Министерство")]
        return fieldsets

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # As on the list: «Просмотреть заявка» reads wrong; the person's name is the subtitle.
        context = {"title": _("Заявка"), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, context)

    @admin.display(description=_("аккаунты, ссылки и файлы"))
    def portfolio(self, obj: Application) -> str:
        return render_to_string("admin/applications/application/portfolio.html", {
            "accounts": obj.social_accounts.all(),
            "links": obj.content_links.all(),
            "files": obj.files.all(),
        })

    @admin.display(description=_("согласия"))
    def consents(self, obj: Application) -> str:
        given = Consent.objects.filter(user_id=obj.applicant_id).select_related("document")
        return render_to_string("admin/applications/application/consents.html", {"consents": given})

    @admin.display(description=_("найти похожие"))
    def duplicate_search(self, obj: Application) -> str:
        return render_to_string("admin/applications/application/duplicate_search.html", {
            "changelist": reverse("admin:applications_application_changelist"),
            "phone": obj.phone,
            "urls": obj.social_accounts.values_list("url", flat=True),
        })

    # --- actions: each calls a service; refusals are reported, not hidden

    @admin.action(description=_("Разобрать дубли (не дубль)"), permissions=["change"])
    def duplicates_resolve(self, request, queryset) -> None:
        resolved = services.application_duplicates_resolve(
            application_ids=list(queryset.values_list("pk", flat=True)), by=request.user
        )
        if not resolved:
            self.message_user(request, _("Среди выбранных заявок нет отмеченных как возможный дубль."),
                              messages.WARNING)
            return
        self.message_user(
            request,
            ngettext("Отметка «возможный дубль» снята с %(count)d заявки.",
                     "Отметка «возможный дубль» снята с %(count)d заявок.", resolved) % {"count": resolved},
            messages.SUCCESS,
        )

    @admin.action(description=_("Отозвать заявку от имени заявителя"), permissions=["change"])
    def withdraw_on_behalf(self, request, queryset):
        """Asks for the reason on an intermediate page; once confirmed, withdraws each
        application through the service and reports which were withdrawn and which not."""
        form = WithdrawReasonForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._withdraw(request, queryset, reason=form.cleaned_data["reason"])
            return None  # back to the list, with the messages
        people = list(queryset.values_list("pk", "last_name", "first_name", "patronymic", "status"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Отозвать заявки от имени заявителей"),
            "opts": self.model._meta,
            "form": form,
            "applications": [(pk, " ".join(p for p in names if p), ApplicationStatus(status).label)
                             for pk, *names, status in people[:NAMES_SHOWN]],
            "more": max(0, len(people) - NAMES_SHOWN),
            "ids": [pk for pk, *_rest in people],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "withdraw_on_behalf",
            "media": self.media,
        }
        return TemplateResponse(request, "admin/applications/application/withdraw_confirmation.html", context)

    def _withdraw(self, request, queryset, *, reason: str) -> None:
        withdrawn, refused = 0, []
        for application in queryset.select_related(None).only("pk", "last_name", "first_name", "patronymic"):
            try:
                services.application_withdraw(application_id=application.pk, by=request.user, reason=reason)
            except ValidationError as error:
                refused.append(f"{application.full_name or application.pk}: {' '.join(error.messages)}")
            else:
                withdrawn += 1
        if withdrawn:
            self.message_user(
                request,
                ngettext("Отозвана %(count)d заявка.", "Отозвано заявок: %(count)d.", withdrawn)
                % {"count": withdrawn},
                messages.SUCCESS,
            )
        if refused:
            shown = "; ".join(refused[:NAMES_SHOWN])
            more = len(refused) - NAMES_SHOWN
            self.message_user(
                request,
                ngettext("Не отозвана %(count)d заявка: %(list)s", "Не отозваны заявки (%(count)d): %(list)s",
                         len(refused)) % {"count": len(refused), "list": shown}
                + (f" … {_('и ещё')} {more}" if more > 0 else ""),
                messages.ERROR,
            )

    @admin.action(description=_("Экспорт выбранных в CSV"), permissions=["view"])
    def export_selected_csv(self, request, queryset):
        return exports.applications_csv_response(queryset)

    @admin.action(description=_("Экспорт выбранных в XLSX"), permissions=["view"])
    def export_selected_xlsx(self, request, queryset):
        return exports.applications_xlsx_response(queryset)

    # --- export of the whole filtered list (buttons above the list)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("export/csv/", view(self.export_csv_view), name=f"{prefix}_export_csv"),
            path("export/xlsx/", view(self.export_xlsx_view), name=f"{prefix}_export_xlsx"),
            *super().get_urls(),
        ]

    def export_csv_view(self, request):
        return self._export(request, exports.applications_csv_response)

    def export_xlsx_view(self, request):
        return self._export(request, exports.applications_xlsx_response)

    def _export(self, request, respond):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            # The list's own queryset: its filters, search and sort, over every page.
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            url = reverse("admin:applications_application_changelist")
            return HttpResponseRedirect(f"{url}?{ERROR_FLAG}=1")
        return respond(changelist.queryset)
