"""Team members in the admin: filters, search, locks and moves through the services,
the roster as CSV and XLSX; and the read-only history of every change."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications.models import ApplicantRole
from modules.admin.base import ServiceWrittenAdmin, admin_page_context
from teams.forms import MembershipMoveForm
from teams.models import Membership, MembershipChange
from teams.services.membership import membership_lock, membership_move
from topblog.backoffice.exports import csv_response, xlsx_response

NAMES_SHOWN = 50
ROSTER_HEADERS = [
    _("команда"),
    _("направление"),
    _("ФИО"),
    "email",
    _("роль"),
    _("регион"),
    _("закреплён"),
    _("в команде с"),
]


@admin.register(Membership)
class MembershipAdmin(ServiceWrittenAdmin):
    list_display = ["finalist", "role", "region", "team", "locked", "source", "joined_at"]
    list_filter = ["team", "finalist__role", "locked", "team__season"]
    search_fields = [
        "finalist__application__last_name",
        "finalist__application__first_name",
        "finalist__application__applicant__email",
    ]
    list_select_related = ["finalist__application__region", "team__direction"]
    actions = ["lock", "unlock", "move", "export_csv", "export_xlsx"]
    fields = ["finalist", "team", "locked", "source", "joined_at", "updated_at"]
    readonly_fields = fields

    @admin.display(description=_("роль"), ordering="finalist__role")
    def role(self, obj: Membership) -> str:
        return obj.finalist.get_role_display()

    @admin.display(description=_("регион"), ordering="finalist__application__region__name")
    def region(self, obj: Membership) -> str:
        region = obj.finalist.application.region
        return region.name_i18n if region else ""

    def _lock_all(self, request, queryset, *, locked: bool) -> None:
        for finalist_id in queryset.values_list("finalist_id", flat=True):
            membership_lock(finalist_id=finalist_id, locked=locked, by=request.user)
        count = queryset.count()
        text = (
            ngettext("Закреплён %(count)d участник.", "Закреплено участников: %(count)d.", count)
            if locked
            else ngettext("Откреплён %(count)d участник.", "Откреплено участников: %(count)d.", count)
        )
        self.message_user(request, text % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Закрепить в команде"), permissions=["change"])
    def lock(self, request, queryset) -> None:
        self._lock_all(request, queryset, locked=True)

    @admin.action(description=_("Открепить"), permissions=["change"])
    def unlock(self, request, queryset) -> None:
        self._lock_all(request, queryset, locked=False)

    @admin.action(description=_("Перевести в команду…"), permissions=["change"])
    def move(self, request, queryset):
        chosen = list(queryset.select_related("finalist__application", "team__direction"))
        season_ids = {m.team.season_id for m in chosen}
        form = MembershipMoveForm(request.POST if "confirm" in request.POST else None, season_ids=season_ids)
        if form.is_bound and form.is_valid():
            moved, refused = 0, []
            for membership in chosen:
                try:
                    membership_move(
                        finalist_id=membership.finalist_id,
                        to_team_id=form.cleaned_data["team"].pk,
                        by=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                except ValidationError as error:
                    refused.append(f"{membership.finalist}: {' '.join(error.messages)}")
                else:
                    moved += 1
            if moved:
                self.message_user(
                    request,
                    ngettext("Переведён %(count)d участник.", "Переведено участников: %(count)d.", moved)
                    % {"count": moved},
                    messages.SUCCESS,
                )
            if refused:
                self.message_user(request, "; ".join(refused[:NAMES_SHOWN]), messages.ERROR)
            return None
        context = admin_page_context(
            self,
            request,
            title=_("Перевести в команду"),
            form=form,
            members=[(str(m.finalist), str(m.team)) for m in chosen[:NAMES_SHOWN]],
            more=max(0, len(chosen) - NAMES_SHOWN),
            ids=[m.pk for m in chosen],
            action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
            action="move",
            media=self.media,
        )
        return TemplateResponse(request, "admin/teams/membership/move.html", context)

    def _roster(self, queryset):
        ordered = queryset.order_by("team__number", "finalist__role", "finalist__application__last_name")
        rows = ordered.values_list(
            "team__number", "team__direction__name", "finalist__application__last_name",
            "finalist__application__first_name", "finalist__application__applicant__email", "finalist__role",
            "finalist__application__region__name", "locked", "joined_at",
        )  # fmt: skip
        roles = dict(ApplicantRole.choices)
        yes, no = str(_("да")), str(_("нет"))
        for number, direction, last, first, email, role, region, locked, joined in rows:
            yield [
                number,
                direction,
                f"{last} {first}",
                email,
                str(roles[role]),
                region,
                yes if locked else no,
                joined,
            ]

    @admin.action(description=_("Состав команд: CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return csv_response(headers=ROSTER_HEADERS, rows=self._roster(queryset), filename="teams.csv")

    @admin.action(description=_("Состав команд: XLSX"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        return xlsx_response(
            sheet_title=_("Команды"),
            headers=ROSTER_HEADERS,
            rows=self._roster(queryset),
            filename="teams.xlsx",
        )


@admin.register(MembershipChange)
class MembershipChangeAdmin(ServiceWrittenAdmin):
    list_display = ["changed_at", "finalist", "action", "from_team", "to_team", "changed_by", "reason"]
    list_filter = ["action", "to_team", "from_team"]
    search_fields = ["finalist__application__last_name", "finalist__application__applicant__email"]
    list_select_related = [
        "finalist__application",
        "from_team__direction",
        "to_team__direction",
        "changed_by",
    ]
    fields = ["finalist", "action", "from_team", "to_team", "changed_by", "changed_at", "reason"]
    readonly_fields = fields
    date_hierarchy = "changed_at"
