"""What withdrawing consent means for the programme, registered with
topblog.accounts.consent_withdrawal from ModulesConfig.ready(): without consent to pass
them to ФИС ФРДО, the trainee's data for the register (СНИЛС, education) is deleted, and
their certificate cannot be entered into the register until they give it again."""

from django.utils.translation import gettext as _

from modules.selectors.certificates import education_records_of
from modules.services.certificates import education_records_forget
from topblog.accounts.models import ConsentDocument, User


def withdrawal_described(user: User, kind: str) -> list[str]:
    if kind != ConsentDocument.Kind.EDUCATION_RECORDS or not education_records_of(user=user).exists():
        return []
    return [
        _(
            "Ваши СНИЛС и сведения об образовании будут удалены; без них удостоверение не внесут в "
            "федеральный реестр ФИС ФРДО, пока вы не заполните их снова."
        )
    ]


def withdrawal_carry_out(user: User, kind: str) -> None:
    if kind == ConsentDocument.Kind.EDUCATION_RECORDS:
        education_records_forget(user=user)
