"""The programme's demo applicant logins (topblog.demo.applicants' registry): a trainee
from the programme on, with a certificate once there are any, and a finalist from the
team module on, still to answer the invitation if anyone is.

Each takes over a selected application the demo's programme already holds, with its
marks, work, certificate and place among the finalists, so its cabinet shows them and
every figure of the season still adds up."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from applications.models import Application, ApplicationStatus
from modules.models import FinalistStatus
from modules.models.finalists import SEATED_STATUSES
from topblog.demo.applicants import DemoApplicantState, register_demo_applicant_state
from topblog.tracks.models import StageKind

_STAGES = tuple(StageKind.values)
_FROM_PROGRAMME = _STAGES[_STAGES.index(StageKind.EDUCATION):]
_FROM_TEAM_MODULE = _STAGES[_STAGES.index(StageKind.TEAM_MODULE):]


def _trainee(selected: QuerySet[Application]) -> QuerySet[Application]:
    """A trainee who is not a finalist, with a valid certificate if anyone has one."""
    trainees = selected.exclude(finalist__status__in=SEATED_STATUSES)
    certified = trainees.filter(certificate__isnull=False, certificate__revoked_at__isnull=True)
    return certified if certified.exists() else trainees


def _finalist(selected: QuerySet[Application]) -> QuerySet[Application]:
    """A finalist still to answer, or else one who confirmed."""
    invited = selected.filter(finalist__status=FinalistStatus.INVITED)
    return invited if invited.exists() else selected.filter(finalist__status=FinalistStatus.CONFIRMED)


for state in (
    DemoApplicantState("trainee", _("Участник программы ДПО"), ApplicationStatus.SELECTED, _FROM_PROGRAMME,
                       taken_from_season=True, pick=_trainee),
    DemoApplicantState("finalist", _("Финалист"), ApplicationStatus.SELECTED, _FROM_TEAM_MODULE,
                       taken_from_season=True, pick=_finalist),
):
    register_demo_applicant_state(state)
