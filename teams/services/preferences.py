"""The finalists' wishes for a team: the directions they would like to work in, best first."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.models import Finalist
from modules.models.finalists import PUBLISHED_STATUSES, SEATED_STATUSES
from teams.models import TeamPreference
from teams.selectors import season_directions, teams_formed
from topblog.accounts.models import User


def _checked(directions: Sequence[str], offered: list[str]) -> list[str]:
    chosen = [code for code in directions if code]
    if not chosen:
        raise ValidationError(_("Укажите хотя бы одно направление."), code="empty")
    if any(code not in offered for code in chosen):
        raise ValidationError(_("Выберите направления из списка направлений сезона."), code="unknown")
    if len(set(chosen)) != len(chosen):
        raise ValidationError(_("Каждое направление можно указать только один раз."), code="repeated")
    return chosen


def team_preference_save(*, application_id: int, directions: Sequence[str], by: User) -> TeamPreference:
    """A seated finalist (invited or confirmed) states the directions they would like,
    best first, before the season's teams are formed:

    1. the finalist must be the person's own and seated; 2. the codes must be the
    season's directions, at least one and none twice; 3. under a lock of the finalist's
    row, with the teams still unformed, the wish is written with its time. The formation
    reads it as it is; nobody else is told, so nothing is sent."""
    with transaction.atomic():
        finalist = (
            Finalist.objects.select_for_update()
            .filter(application_id=application_id, application__applicant=by, status__in=PUBLISHED_STATUSES)
            .first()
        )
        if finalist is None:
            raise PermissionDenied(_("Вы не в списке финалистов."))
        if finalist.status not in SEATED_STATUSES:
            raise ValidationError(
                _("Пожелания по команде указывают приглашённые финалисты и подтвердившие участие."),
                code="not_seated",
            )
        if teams_formed(season_id=finalist.season_id):
            raise ValidationError(
                _("Команды уже сформированы: пожелания больше не принимаются."), code="formed"
            )
        offered = [d.code for d in season_directions(season_id=finalist.season_id)]
        chosen = _checked(directions, offered)
        preference, _created = TeamPreference.objects.update_or_create(
            finalist=finalist, defaults={"directions": chosen, "updated_at": timezone.now()}
        )
    return preference
