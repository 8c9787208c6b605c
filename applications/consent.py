"""What withdrawing consent means for a person's applications, registered with
topblog.accounts.consent_withdrawal from ApplicationsConfig.ready(): an application
cannot go on without consent to the processing of personal data, so it is withdrawn
through the status service, with the reason in its history for organizers to see."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Application, ApplicationStatus
from applications.services import ALLOWED_TRANSITIONS, application_withdraw
from topblog.accounts.models import ConsentDocument, User

CONSENT_WITHDRAWN_REASON = gettext_lazy("Заявитель отозвал согласие на обработку персональных данных.")


def _still_going(user: User) -> list[Application]:
    withdrawable = [s for s, targets in ALLOWED_TRANSITIONS.items() if ApplicationStatus.WITHDRAWN in targets]
    return list(Application.objects.filter(applicant=user, status__in=withdrawable).order_by("pk"))


def withdrawal_described(user: User, kind: str) -> list[str]:
    if kind != ConsentDocument.Kind.PROCESSING:
        return []
    return [
        _(
            "Ваша заявка (статус «%(status)s») будет отозвана: без согласия на обработку данных она "
            "не может участвовать в отборе. Вернуть её или подать новую в этом сезоне будет нельзя."
        )
        % {"status": application.get_status_display()}
        for application in _still_going(user)
    ]


def withdrawal_carry_out(user: User, kind: str) -> None:
    if kind != ConsentDocument.Kind.PROCESSING:
        return
    for application in _still_going(user):
        application_withdraw(application_id=application.pk, by=user, reason=str(CONSENT_WITHDRAWN_REASON))
