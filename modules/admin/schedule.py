"""The schedule and attendance in the admin."""

from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications.models import Application
from modules.admin.base import admin_page_context
from modules.forms import AttendanceImportForm
from modules.models import Attendance, Session
from modules.selectors.schedule import session_audience
from modules.services.attendance import attendance_import, attendance_mark
from modules.services.schedule import SESSION_FIELDS, session_check, session_create, session_update
from topblog.backoffice.exports import csv_response
from topblog.tracks.selectors import season_current


class SessionForm(forms.ModelForm):
    online_url = forms.URLField(
        label=_("ссылка на трансляцию"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Session
        # What the services take; the admin's fieldsets order them.
        fields = sorted(SESSION_FIELDS)

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            # The service's own check, so the form shows what the service would refuse.
            try:
                session_check(self.instance)
            except ValidationError as error:
                self._update_errors(error)


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    form = SessionForm
    list_display = [
        "title",
        "stage",
        "starts_at",
        "ends_at",
        "audience",
        "direction",
        "module",
        "is_public",
        "sequence",
    ]
    list_filter = ["stage__kind", "audience", "direction", "module", "is_public", "stage__season"]
    search_fields = ["title", "lecturer", "room"]
    list_select_related = ["stage__season", "direction", "module"]
    date_hierarchy = "starts_at"
    ordering = ["starts_at"]
    readonly_fields = ["sequence", "attendance_link"]
    fieldsets = [
        (None, {"fields": ["stage", "module", "title", "description", "lecturer"]}),
        (_("Когда и где"), {"fields": ["starts_at", "ends_at", "online_url", "room"]}),
        (_("Для кого"), {"fields": ["audience", "direction", "team_number", "is_public"]}),
        (_("Посещаемость и переносы"), {"fields": ["attendance_link", "sequence"]}),
    ]

    def save_model(self, request, obj, form, change):
        """Through the services: a new session is told to its people, a moved one too."""
        fields = {name: value for name, value in form.cleaned_data.items() if name in SESSION_FIELDS}
        if change:
            saved = session_update(session_id=obj.pk, fields=fields, by=request.user)
        else:
            saved = session_create(fields=fields, by=request.user)
        obj.pk, obj.sequence = saved.pk, saved.sequence

    def has_delete_permission(self, request, obj=None) -> bool:
        # A session with marks is part of people's record; the database protects it too.
        if obj is not None and obj.attendance.exists():
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("посещаемость"))
    def attendance_link(self, obj: Session) -> str:
        if obj.pk is None:
            return "—"
        url = reverse("admin:modules_session_attendance", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Отметить посещаемость"))

    def get_urls(self):
        return [
            path(
                "<int:object_id>/attendance/",
                self.admin_site.admin_view(self.attendance_view),
                name="modules_session_attendance",
            ),
            *super().get_urls(),
        ]

    def attendance_view(self, request, object_id: int):
        """The session's audience with a box each: ticked present, unticked absent."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        session = get_object_or_404(Session.objects.select_related("stage"), pk=object_id)
        audience = [m.application_id for m in session_audience(session=session)]
        if request.method == "POST":
            ticked = {int(pk) for pk in request.POST.getlist("present") if pk.isdigit()}
            try:
                written = attendance_mark(
                    session_id=session.pk, present={pk: pk in ticked for pk in audience}, by=request.user
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Посещаемость сохранена: новых отметок %(created)s, изменено %(changed)s.")
                    % {"created": written.created, "changed": written.changed},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(request.path)
        marks = dict(Attendance.objects.filter(session=session).values_list("application_id", "present"))
        people = (
            Application.objects.filter(pk__in=audience)
            .order_by("last_name", "first_name", "pk")
            .values_list("pk", "last_name", "first_name", "patronymic", "applicant__email")
        )
        rows = [(pk, " ".join(p for p in names if p), email, marks.get(pk)) for pk, *names, email in people]
        context = admin_page_context(
            self,
            request,
            title=_("Посещаемость: %(session)s") % {"session": session},
            session=session,
            rows=rows,
        )
        return TemplateResponse(request, "admin/modules/session/attendance.html", context)


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["session", "application", "present", "source", "marked_at"]
    list_filter = ["present", "source", "session__stage__season", "session"]
    search_fields = [
        "application__last_name",
        "application__first_name",
        "application__applicant__email",
        "session__title",
    ]
    list_select_related = ["session", "application"]
    change_list_template = "admin/modules/attendance/change_list.html"
    actions = ["mark_present", "mark_absent", "export_csv"]
    readonly_fields = ["session", "application", "present", "source", "marked_by", "marked_at"]

    def has_add_permission(self, request) -> bool:
        # Marks come from the session's page or an import, both through the service.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request)

    def _mark(self, request, queryset, present: bool) -> None:
        by_session: dict[int, dict[int, bool]] = defaultdict(dict)
        for session_id, application_id in queryset.values_list("session_id", "application_id"):
            by_session[session_id][application_id] = present
        changed = 0
        for session_id, marks in by_session.items():
            changed += attendance_mark(session_id=session_id, present=marks, by=request.user).changed
        self.message_user(
            request,
            ngettext("Изменена %(count)d отметка.", "Изменено отметок: %(count)d.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Отметить: присутствовал"), permissions=["change"])
    def mark_present(self, request, queryset) -> None:
        self._mark(request, queryset, True)

    @admin.action(description=_("Отметить: отсутствовал"), permissions=["change"])
    def mark_absent(self, request, queryset) -> None:
        self._mark(request, queryset, False)

    @admin.action(description=_("Экспорт выбранных в CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        rows = (
            [email, session_id, 1 if present else 0, title]
            for email, session_id, present, title in queryset.order_by(
                "session_id", "application_id"
            ).values_list("application__applicant__email", "session_id", "present", "session__title")
        )
        return csv_response(
            headers=["email", "session", "present", "title"], rows=rows, filename="attendance.csv"
        )

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="modules_attendance_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a video platform's file; every bad row is listed and nothing is written,
        or every row is written."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        season = season_current()
        form = AttendanceImportForm(request.POST or None, request.FILES or None)
        problems: list[str] = []
        if request.method == "POST" and form.is_valid() and season is not None:
            try:
                written = attendance_import(
                    season_id=season.pk, content=form.cleaned_data["file"].read(), by=request.user
                )
            except ValidationError as error:
                problems = error.messages
            else:
                self.message_user(
                    request,
                    _(
                        "Импорт выполнен: новых отметок %(created)s, изменено %(changed)s, "
                        "без изменений %(unchanged)s."
                    )
                    % written.__dict__,
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:modules_attendance_changelist"))
        context = admin_page_context(
            self, request, title=_("Импорт посещаемости"), form=form, season=season, problems=problems
        )
        return TemplateResponse(request, "admin/modules/attendance/import.html", context)
