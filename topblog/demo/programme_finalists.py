"""The finalists of the demo season and the stage's demo logins: the list ranked from the
demo's own programme results and review scores, proposed and published through the
programme's services, the answers as the days went by, and the trainee's and finalist's
applications given to known logins."""

from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError

from applications.models import Application
from modules.models import Finalist, FinalistStatus
from modules.services import finalist_list
from modules.services import finalists as finalist_services
from topblog.accounts.models import Consent, Role, User
from topblog.accounts.services import user_role_grant
from topblog.tracks.models import Season, Stage

# The demo logins of this stage: (mailbox and password word, what the login shows).
LOGINS = (("trainee", "Участник программы ДПО"), ("finalist", "Финалист"))
DEMO_DOMAIN = "demo.topblog.local"


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


def logins_attach(season: Season) -> None:
    """Give the stage's demo logins a trainee's and a finalist's application: the trainee
    with a certificate if there are any, the finalist still to answer if anyone is."""
    selected = Application.objects.filter(season=season, status="selected", role="blogger")
    not_seated = selected.exclude(finalist__status__in=[FinalistStatus.INVITED, FinalistStatus.CONFIRMED])
    trainee = (
        not_seated.filter(certificate__isnull=False).order_by("pk").first()
        or not_seated.order_by("pk").first()
    )
    finalist = (
        selected.filter(finalist__status=FinalistStatus.INVITED).order_by("pk").first()
        or selected.filter(finalist__status=FinalistStatus.CONFIRMED).order_by("pk").first()
    )
    for (word, _label), application in zip(LOGINS, (trainee, finalist), strict=True):
        if application is not None:
            _login_attach(f"{word}@{DEMO_DOMAIN}", application)


def _login_attach(email: str, application: Application) -> None:
    """The login becomes the application's applicant; the generated person it belonged
    to goes, with their consents moved to the login."""
    generated = application.applicant
    login = User.objects.filter(email=email).first()
    if login is None:
        generated.email = email
        generated.save(update_fields=["email"])
        return
    Application.objects.filter(pk=application.pk).update(applicant=login)
    # The login's consents from an earlier demo season give way to the person's own.
    Consent.objects.filter(user=login).delete()
    Consent.objects.filter(user=generated).update(user=login)
    generated.delete()


def programme_logins_reset() -> list[tuple[str, str, str]]:
    """The stage's demo logins that hold an application this season, with their known
    passwords set again: (what it shows, email, password) rows to print."""
    rows = []
    for word, label in LOGINS:
        user = User.objects.filter(
            email=f"{word}@{DEMO_DOMAIN}", applications__season__is_current=True
        ).first()
        if user is None:
            continue
        password = f"demo-{word}-2026"
        user.password = make_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        user_role_grant(user=user, role=Role.APPLICANT, granted_by=None)
        rows.append((label, user.email, password))
    return rows
