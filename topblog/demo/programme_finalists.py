"""The finalists of the demo season: the list ranked from the demo's own programme results
and review scores, proposed and published through the programme's services, and the
answers as the days went by."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError

from modules.models import Finalist, FinalistStatus
from modules.services import finalist_list
from modules.services import finalists as finalist_services
from topblog.accounts.models import User
from topblog.tracks.models import Season, Stage


def finalists_demo_seed(rng, *, season: Season, education: Stage, now: datetime) -> None:
    """Finalists named three days before the programme ends, then their answers as the
    days went by: most confirm, some decline, a few let the deadline pass; each freed
    seat goes down the waiting list, through the services, until today."""
    announced = education.ends_at - timedelta(days=3)
    finalist_list.finalists_propose(season_id=season.pk, by=None, now=announced)
    finalist_list.finalists_publish(season_id=season.pk, by=None, now=announced)
    answered: set[int] = set()
    answers: list[tuple[datetime, str, int]] = []

    def new_invitations() -> None:
        for finalist in (
            Finalist.objects.filter(season=season, status=FinalistStatus.INVITED)
            .exclude(pk__in=answered)
            .order_by("pk")
        ):
            answered.add(finalist.pk)
            kind = rng.choices(("confirm", "decline", "silence"), weights=(82, 8, 10))[0]
            if kind != "silence":
                answers.append(
                    (finalist.invited_at + timedelta(hours=rng.uniform(2, 70)), kind, finalist.application_id)
                )

    new_invitations()
    while answers:
        answers.sort()
        moment, kind, application_id = answers.pop(0)
        if moment > now:
            break
        finalist_services.finalists_expire(now=moment)
        person = User.objects.get(applications__pk=application_id)
        try:
            if kind == "confirm":
                finalist_services.finalist_confirm(application_id=application_id, by=person, now=moment)
            else:
                finalist_services.finalist_decline(
                    application_id=application_id,
                    by=person,
                    now=moment,
                    reason="Не смогу приехать в «Сенеж» в эти даты.",
                )
        except ValidationError:
            pass  # the deadline passed first
        new_invitations()
    finalist_services.finalists_expire(now=now)
