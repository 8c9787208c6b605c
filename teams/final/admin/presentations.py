"""The final's settings, agenda slots and presentations in the admin. Slots are placed
and moved through the agenda's service; presentations are written only by the team's
uploads and the lock, so here they are read and downloaded."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from modules.admin.base import ServiceWrittenAdmin
from teams.final.exports import presentations_zip_response, projects_xlsx_response
from teams.final.models import FinalSettings, Presentation, PresentationSlot, PresentationVersion
from teams.final.services.agenda import presentation_slot_check, presentation_slot_place
from teams.final.services.presentations import presentations_lock


@admin.register(FinalSettings)
class FinalSettingsAdmin(admin.ModelAdmin):
    list_display = ["season", "presentation_deadline", "presentation_max_mb"]
    list_select_related = ["season"]
    list_filter = ["season__is_current"]


class PresentationSlotForm(forms.ModelForm):
    starts_at = forms.SplitDateTimeField(label=_("начало"), widget=widgets.AdminSplitDateTime)
    ends_at = forms.SplitDateTimeField(label=_("окончание"), widget=widgets.AdminSplitDateTime)
    room = forms.CharField(label=_("аудитория в «Сенеже»"), max_length=255)

    class Meta:
        model = PresentationSlot
        fields = ["team"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        session = self.instance.session if self.instance.pk else None
        if session is not None:
            self.initial.update(starts_at=session.starts_at, ends_at=session.ends_at, room=session.room)

    def clean(self):
        data = super().clean()
        team = data.get("team") or (self.instance.team if self.instance.pk else None)
        if team is not None and all(data.get(name) for name in ("starts_at", "ends_at", "room")):
            # The schedule's own checks, so the form shows what the service would refuse.
            try:
                presentation_slot_check(
                    team=team, starts_at=data["starts_at"], ends_at=data["ends_at"], room=data["room"]
                )
            except ValidationError as error:
                self.add_error(None, error.messages)
        return data


@admin.register(PresentationSlot)
class PresentationSlotAdmin(admin.ModelAdmin):
    form = PresentationSlotForm
    list_display = ["team", "starts_at", "ends_at", "room", "moves"]
    list_select_related = ["team__direction", "session"]
    list_filter = ["team__season", "team__direction"]
    search_fields = ["team__direction__name", "session__room"]
    ordering = ["session__starts_at", "team__number"]

    def get_readonly_fields(self, request, obj=None):
        return ["team"] if obj is not None else []

    @admin.display(description=_("начало"), ordering="session__starts_at")
    def starts_at(self, obj: PresentationSlot):
        return obj.session.starts_at

    @admin.display(description=_("окончание"))
    def ends_at(self, obj: PresentationSlot):
        return obj.session.ends_at

    @admin.display(description=_("аудитория"))
    def room(self, obj: PresentationSlot) -> str:
        return obj.session.room

    @admin.display(description=_("переносов"))
    def moves(self, obj: PresentationSlot) -> int:
        return obj.session.sequence

    def save_model(self, request, obj, form, change):
        """Through the agenda's service: the session scheduled or moved, its people told."""
        data = form.cleaned_data
        slot = presentation_slot_place(
            team_id=obj.team_id,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            room=data["room"],
            by=request.user,
        )
        obj.pk, obj.session_id = slot.pk, slot.session_id


class VersionLink:
    """A version's file through the checked view: the storage's own address is never shown."""

    @admin.display(description=_("файл"))
    def open_link(self, obj: PresentationVersion) -> str:
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("final:presentation_file", args=[obj.pk]),
            _("Открыть"),
        )


class PresentationVersionInline(VersionLink, admin.TabularInline):
    model = PresentationVersion
    fields = ["number", "open_link", "original_name", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-number"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Presentation)
class PresentationAdmin(ServiceWrittenAdmin):
    list_display = ["team", "shown", "locked_at", "video_url", "updated_at"]
    list_select_related = ["team__direction", "shown_version"]
    list_filter = ["team__season", "team__direction", ("locked_at", admin.EmptyFieldListFilter)]
    search_fields = ["team__direction__name"]
    readonly_fields = ["team", "video_url", "shown_version", "locked_at", "updated_at"]
    inlines = [PresentationVersionInline]
    actions = ["lock_due", "download_zip", "download_projects"]

    @admin.display(description=_("показываемая версия"))
    def shown(self, obj: Presentation) -> str:
        if obj.shown_version is None:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">v{}</a>',
            reverse("final:presentation_file", args=[obj.shown_version_id]),
            obj.shown_version.number,
        )

    def _seasons(self, queryset) -> set[int]:
        return set(queryset.values_list("team__season_id", flat=True))

    @admin.action(description=_("Закрепить презентации, чей срок прошёл"), permissions=["change"])
    def lock_due(self, request, queryset):
        locked = sum(presentations_lock(season_id=season_id) for season_id in self._seasons(queryset))
        self.message_user(
            request, _("Закреплено презентаций: %(count)s.") % {"count": locked}, messages.SUCCESS
        )

    @admin.action(description=_("Скачать ZIP закреплённых презентаций сезона"), permissions=["view"])
    def download_zip(self, request, queryset):
        seasons = self._seasons(queryset)
        if len(seasons) != 1:
            self.message_user(request, _("Выберите презентации одного сезона."), messages.ERROR)
            return None
        [season_id] = seasons
        presentations_lock(season_id=season_id)
        return presentations_zip_response(season_id=season_id)

    @admin.action(description=_("Скачать XLSX проектов и охватов сезона"), permissions=["view"])
    def download_projects(self, request, queryset):
        seasons = self._seasons(queryset)
        if len(seasons) != 1:
            self.message_user(request, _("Выберите презентации одного сезона."), messages.ERROR)
            return None
        return projects_xlsx_response(season_id=seasons.pop())


@admin.register(PresentationVersion)
class PresentationVersionAdmin(VersionLink, ServiceWrittenAdmin):
    list_display = ["presentation", "number", "original_name", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["presentation__team__direction", "uploaded_by"]
    list_filter = ["presentation__team__season", "presentation__team__direction"]
    search_fields = ["original_name", "sha256", "uploaded_by__email"]
    readonly_fields = [
        "presentation",
        "number",
        "open_link",
        "original_name",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]
    fields = readonly_fields
    date_hierarchy = "uploaded_at"
