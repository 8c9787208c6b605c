"""The jury in the admin: the season's criteria (with the defaults a season starts
from), jurors invited from the "add" page, their scores (read only), and the results:
a preview of the ranking with who has not scored what, and their publication, once."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications.selectors import user_is_organizer
from teams.final.jury import selectors, services
from teams.final.jury.forms import JurorInviteForm
from teams.final.models import FinalCriterion, FinalResults, Juror, JuryScore
from teams.projects.models import MediaProject
from topblog.tracks.models import Direction, Season
from topblog.tracks.selectors import season_current

CHANGE_LIST = "admin/final/jury/change_list.html"


class PreviewLinkMixin:
    """A link to the current season's results preview above the list."""

    change_list_template = CHANGE_LIST

    def changelist_view(self, request, extra_context=None):
        season = season_current()
        extra = {"preview_season": season, **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)


@admin.register(FinalCriterion)
class FinalCriterionAdmin(PreviewLinkMixin, admin.ModelAdmin):
    list_display = ["name", "season", "max_score", "weight", "position"]
    list_editable = ["position"]
    list_filter = ["season"]
    search_fields = ["name", "name_en"]
    list_select_related = ["season"]
    fields = ["season", "name", "name_en", "description", "max_score", "weight", "position"]


@admin.register(Juror)
class JurorAdmin(PreviewLinkMixin, admin.ModelAdmin):
    list_display = ["user", "season", "directions_shown", "scores_given", "added_at", "added_by"]
    list_filter = ["season", "directions"]
    search_fields = ["user__email", "user__last_name", "user__first_name"]
    list_select_related = ["user", "season", "added_by"]
    actions = ["invitation_resend"]
    readonly_fields = ["user", "season", "added_at", "added_by"]
    fields = ["user", "season", "directions", "added_at", "added_by"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("directions")
            .annotate(scores_count=Count("scores"))
        )

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = JurorInviteForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["email", "last_name", "first_name", "season", "directions"]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "directions":
            kwargs["queryset"] = Direction.objects.order_by("position", "pk")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("направления"))
    def directions_shown(self, obj: Juror) -> str:
        return ", ".join(d.name for d in obj.directions.all()) or str(_("все"))

    @admin.display(description=_("оценок"), ordering="scores_count")
    def scores_given(self, obj: Juror) -> int:
        return obj.scores_count

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        juror = services.juror_invite(
            season=data["season"],
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            directions=data["directions"],
            invited_by=request.user,
        )
        obj.pk, obj.user_id, obj.added_at = juror.pk, juror.user_id, juror.added_at
        self.message_user(
            request,
            _("Приглашение в жюри отправлено на %(email)s.") % {"email": data["email"]},
            messages.SUCCESS,
        )

    def save_related(self, request, form, formsets, change) -> None:
        # An invitation sets the directions itself (juror_invite).
        if change:
            super().save_related(request, form, formsets, change)

    @admin.action(description=_("Отправить приглашение в жюри ещё раз"), permissions=["change"])
    def invitation_resend(self, request, queryset) -> None:
        jurors = list(queryset.select_related("user").prefetch_related("directions"))
        for juror in jurors:
            services.jury_invitation_send(juror=juror)
        self.message_user(
            request,
            ngettext(
                "Приглашение отправлено %(count)d члену жюри.",
                "Приглашения отправлены членам жюри: %(count)d.",
                len(jurors),
            )
            % {"count": len(jurors)},
            messages.SUCCESS,
        )


@admin.register(JuryScore)
class JuryScoreAdmin(admin.ModelAdmin):
    """The jurors' own scores: read here, changed only by the juror before publication."""

    list_display = ["project", "juror", "criterion", "score", "scored_at"]
    list_filter = ["juror__season", "criterion", "project__team__direction"]
    search_fields = ["project__title", "juror__user__email", "juror__user__last_name"]
    list_select_related = ["project", "juror__user", "criterion"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FinalResults)
class FinalResultsAdmin(PreviewLinkMixin, admin.ModelAdmin):
    """The published results, as kept; computed and published from the preview page."""

    list_display = ["season", "published_at", "published_by"]
    list_select_related = ["season", "published_by"]
    fields = ["season", "published_at", "published_by", "results"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:season_id>/preview/", view(self.preview_view), name="final_finalresults_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, season_id: int):
        """The ranking as it would be published now, who has not scored what, and, by
        POST, the default criteria or the publication."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        season = get_object_or_404(Season, pk=season_id)
        if request.method == "POST":
            return self._act(request, season)
        computed = selectors.results_compute(season_id=season.pk)
        projects = {
            p.pk: p
            for p in MediaProject.objects.filter(team__season=season).select_related("team__direction")
        }
        context = {
            **self.admin_site.each_context(request),
            "title": _("Итоги финала: предпросмотр"),
            "subtitle": str(season),
            "opts": self.model._meta,
            "season": season,
            "published": selectors.results_published(season_id=season.pk),
            "criteria": selectors.criteria_of(season_id=season.pk),
            "placed": [(row, projects[row.project_id]) for row in computed.placed],
            "unscored": [projects[pk] for pk in computed.unscored],
            "missing": selectors.scores_missing(season_id=season.pk),
            "can_publish": user_is_organizer(request.user),
        }
        return TemplateResponse(request, "admin/final/jury/preview.html", context)

    def _act(self, request, season: Season):
        if not user_is_organizer(request.user):
            raise PermissionDenied
        try:
            if request.POST.get("action") == "defaults":
                created = services.final_criteria_defaults_create(season=season)
                self.message_user(
                    request,
                    _("Создано критериев по умолчанию: %(count)d.") % {"count": created}
                    if created
                    else _("У сезона уже есть критерии: они не изменены."),
                    messages.SUCCESS if created else messages.WARNING,
                )
            elif request.POST.get("action") == "publish":
                services.final_results_publish(season=season, by=request.user)
                self.message_user(
                    request, _("Итоги финала опубликованы; участникам, кураторам и жюри придёт письмо.")
                )
        except ValidationError as refused:
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:final_finalresults_preview", args=[season.pk]))
