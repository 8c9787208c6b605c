"""The review stage's demo applicant logins (topblog.demo.applicants' registry): under
review while the experts work, selected and not selected from the results on.

Each login takes over an application the review stage of the demo already holds in that
status, with its experts, reviews and place in the published selection, so its cabinet
shows what the review wrote and every figure of the season still adds up."""

from django.utils.translation import gettext_lazy as _

from applications.models import ApplicationStatus
from topblog.demo.applicants import DemoApplicantState, register_demo_applicant_state
from topblog.tracks.models import StageKind

S = ApplicationStatus
_RESULTS = tuple(StageKind.values[StageKind.values.index(StageKind.SELECTION_RESULTS):])

for state in (
    DemoApplicantState("applicant-review", _("Заявитель: на экспертизе"), S.UNDER_REVIEW,
                       (StageKind.PORTFOLIO_REVIEW,), taken_from_season=True),
    DemoApplicantState("applicant-selected", _("Заявитель: отобран"), S.SELECTED, _RESULTS,
                       taken_from_season=True),
    DemoApplicantState("applicant-not-selected", _("Заявитель: не отобран"), S.NOT_SELECTED, _RESULTS,
                       taken_from_season=True),
):
    register_demo_applicant_state(state)
