"""The applications list with the review's columns: the normalised score, how far the
experts disagree and how many reviews are done. Intake's admin knows nothing of the
review, so this one extends it and takes its place."""

from django.contrib import admin
from django.db.models import Avg, Count, FloatField, IntegerField, Max, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from applications.admin import ApplicationAdmin
from applications.models import Application
from applications.review.admin.columns import StandingColumns
from applications.review.models import Review, ReviewState


def _per_application(aggregate, output_field) -> Subquery:
    submitted = Review.objects.filter(assignment__application=OuterRef("pk"), state=ReviewState.SUBMITTED)
    grouped = submitted.order_by().values("assignment__application").annotate(value=aggregate).values("value")
    return Subquery(grouped, output_field=output_field)


class ReviewedApplicationAdmin(StandingColumns, ApplicationAdmin):
    list_display = [*ApplicationAdmin.list_display, "score_shown", "disagreement_shown", "reviews_done"]

    def get_queryset(self, request):
        # One subquery each in the list's SELECT, not a query per row.
        return (
            super()
            .get_queryset(request)
            .annotate(
                score=_per_application(Avg("z_score"), FloatField()),
                disagreement=_per_application(Max("z_score") - Min("z_score"), FloatField()),
                done=Coalesce(_per_application(Count("pk"), IntegerField()), 0),
            )
        )

    @admin.display(description=_("оценок"), ordering="done")
    def reviews_done(self, obj: Application) -> int:
        return obj.done


admin.site.unregister(Application)
admin.site.register(Application, ReviewedApplicationAdmin)
