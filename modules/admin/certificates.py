"""Certificates in the admin: issue to everyone who completed the programme, revoke
with a reason, download, and export for ФИС ФРДО. The register's data is seen here and
nowhere else but by the trainee."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from modules import exports
from modules.admin.base import ServiceWrittenAdmin, admin_page_context
from modules.forms import RevokeForm
from modules.models import Certificate, EducationRecord
from modules.selectors.members import season_members
from modules.selectors.programme import completions
from modules.services.certificates import EDUCATION_RECORD_FIELDS, certificate_revoke, certificates_issue
from topblog.tracks.selectors import season_current

NAMES_SHOWN = 50


class RevokedFilter(admin.SimpleListFilter):
    title = _("аннулировано")
    parameter_name = "revoked"

    def lookups(self, request, model_admin):
        return [("yes", _("да")), ("no", _("нет"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(revoked_at__isnull=self.value() == "no")
        return queryset


@admin.register(Certificate)
class CertificateAdmin(ServiceWrittenAdmin):
    list_display = [
        "number",
        "full_name_display",
        "programme_name",
        "hours",
        "issued_at",
        "revoked_at",
        "pdf_link",
    ]
    list_filter = [RevokedFilter, "season"]
    search_fields = ["number", "last_name", "first_name", "application__applicant__email"]
    list_select_related = ["season"]
    date_hierarchy = "issued_at"
    change_list_template = "admin/modules/certificate/change_list.html"
    actions = ["revoke", "export_frdo_xlsx", "export_frdo_csv"]
    fields = [
        "number",
        "full_name_display",
        "programme_name",
        "hours",
        "starts_on",
        "ends_on",
        "issuer_name",
        "issued_at",
        "issued_by",
        "revoked_at",
        "revoked_by",
        "revoke_reason",
        "pdf_link",
        "verify_link",
    ]
    readonly_fields = fields

    @admin.display(description=_("ФИО"), ordering="last_name")
    def full_name_display(self, obj: Certificate) -> str:
        return obj.full_name

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj: Certificate) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("modules:certificate_file", args=[obj.pk]), _("скачать")
        )

    @admin.display(description=_("страница проверки"))
    def verify_link(self, obj: Certificate) -> str:
        url = reverse("modules:certificate_verify", args=[obj.number, obj.verification_code])
        return format_html('<a href="{}">{}</a>', url, url)

    @admin.action(description=_("Аннулировать удостоверения"), permissions=["change"])
    def revoke(self, request, queryset):
        form = RevokeForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            revoked, refused = 0, []
            for certificate in queryset:
                try:
                    certificate_revoke(
                        certificate_id=certificate.pk, reason=form.cleaned_data["reason"], by=request.user
                    )
                except ValidationError as error:
                    refused.append(" ".join(error.messages))
                else:
                    revoked += 1
            if revoked:
                self.message_user(
                    request,
                    ngettext(
                        "Аннулировано %(count)d удостоверение.",
                        "Аннулировано удостоверений: %(count)d.",
                        revoked,
                    )
                    % {"count": revoked},
                    messages.SUCCESS,
                )
            if refused:
                self.message_user(request, "; ".join(refused[:NAMES_SHOWN]), messages.ERROR)
            return None
        chosen = list(queryset.values_list("pk", "number", "last_name", "first_name"))
        context = admin_page_context(
            self,
            request,
            title=_("Аннулировать удостоверения"),
            form=form,
            certificates=[(number, f"{last} {first}") for _pk, number, last, first in chosen[:NAMES_SHOWN]],
            more=max(0, len(chosen) - NAMES_SHOWN),
            ids=[pk for pk, *_rest in chosen],
            action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
            action="revoke",
            media=self.media,
        )
        return TemplateResponse(request, "admin/modules/certificate/revoke.html", context)

    @admin.action(description=_("Выгрузка для ФИС ФРДО (XLSX)"), permissions=["view"])
    def export_frdo_xlsx(self, request, queryset):
        return exports.frdo_xlsx_response(queryset)

    @admin.action(description=_("Выгрузка для ФИС ФРДО (CSV)"), permissions=["view"])
    def export_frdo_csv(self, request, queryset):
        return exports.frdo_csv_response(queryset)

    def get_urls(self):
        return [
            path("issue/", self.admin_site.admin_view(self.issue_view), name="modules_certificate_issue"),
            *super().get_urls(),
        ]

    def issue_view(self, request):
        """How many trainees completed the programme and lack a certificate; issuing them
        is one press of a button, through the service."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        season = season_current()
        if request.method == "POST" and season is not None:
            try:
                issued = certificates_issue(season_id=season.pk, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "Выдано %(count)d удостоверение.", "Выдано удостоверений: %(count)d.", len(issued)
                    )
                    % {"count": len(issued)},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(reverse("admin:modules_certificate_changelist"))
        summary = None
        if season is not None:
            done = completions(season=season, members=season_members(season_id=season.pk), now=timezone.now())
            issued = set(Certificate.objects.filter(season=season).values_list("application_id", flat=True))
            summary = {
                "trainees": len(done),
                "complete": sum(r.complete for r in done.values()),
                "issued": len(issued),
                "to_issue": sum(r.complete and pk not in issued for pk, r in done.items()),
                "short_attendance": sum("attendance" in r.shortfalls for r in done.values()),
                "short_assignments": sum("assignments" in r.shortfalls for r in done.values()),
            }
        context = admin_page_context(
            self, request, title=_("Выдача удостоверений"), season=season, summary=summary
        )
        return TemplateResponse(request, "admin/modules/certificate/issue.html", context)


@admin.register(EducationRecord)
class EducationRecordAdmin(ServiceWrittenAdmin):
    list_display = ["application", "education_level", "sex", "citizenship", "updated_at"]
    list_filter = ["education_level", "sex", "application__season"]
    search_fields = ["application__last_name", "application__first_name", "application__applicant__email"]
    list_select_related = ["application"]
    fields = [
        "application",
        "snils_display",
        *(name for name in EDUCATION_RECORD_FIELDS if name != "snils"),
        "consent",
        "updated_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("СНИЛС"))
    def snils_display(self, obj: EducationRecord) -> str:
        return obj.snils_display
