"""The demo's applicant logins: one per state a person can be in at the season's stage,
each with an application that shows the cabinet as an applicant in that state sees it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from applications.review.models import SelectionDecision
from topblog.accounts.models import Consent, Role, User
from topblog.demo.applicants import (
    DemoApplicantState,
    demo_applicant_states,
    register_demo_applicant_state,
    season_stage,
    unregister_demo_applicant_state,
)
from topblog.demo.services import demo_accounts_create
from topblog.tracks.models import Season, Stage, StageKind

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", applications=30, seed=3, stdout=out, **options)
    return out.getvalue()


def logins() -> dict[str, str | None]:
    """Each demo applicant login and the status of its application (None: none)."""
    found = {}
    for user in User.objects.filter(email__startswith="applicant", email__endswith="@demo.topblog.local"):
        application = Application.objects.filter(applicant=user).first()
        found[user.email.split("@")[0]] = application.status if application else None
    return found


def test_while_applications_are_open_there_is_a_login_for_each_state_of_intake():
    output = seed()
    assert logins() == {
        "applicant": None, "applicant-draft": S.DRAFT, "applicant-submitted": S.SUBMITTED,
        "applicant-withdrawn": S.WITHDRAWN,
    }
    assert "applicant-submitted@demo.topblog.local" in output and "demo-applicant-submitted-2026" in output
    assert "Заявитель: заявка подана" in output


def test_during_the_review_an_applicant_is_under_review():
    seed(stage=StageKind.PORTFOLIO_REVIEW)
    assert logins()["applicant-review"] == S.UNDER_REVIEW
    assert "applicant-submitted" not in logins(), "after the window nobody's application is just submitted"


def test_after_the_selection_there_are_the_selected_and_the_not_selected():
    seed(stage=StageKind.EDUCATION)
    assert logins() == {
        "applicant": None, "applicant-draft": S.DRAFT, "applicant-withdrawn": S.WITHDRAWN,
        "applicant-selected": S.SELECTED, "applicant-not-selected": S.NOT_SELECTED,
    }


def test_intakes_logins_have_whole_applications_with_their_history_on_the_calendar():
    seed(stage=StageKind.EDUCATION)
    season = Season.objects.get(is_current=True)
    window = season.stages.get(kind=StageKind.APPLICATIONS)
    for email in ("applicant-withdrawn", "applicant-draft"):
        application = Application.objects.get(applicant__email=f"{email}@demo.topblog.local")
        history = list(application.status_changes.order_by("changed_at", "pk"))
        expected = [] if email.endswith("draft") else [application.status]
        assert [h.to_status for h in history][-1:] == expected
        assert [h.changed_at for h in history] == sorted(h.changed_at for h in history)
        assert window.starts_at <= application.created_at <= window.ends_at
        assert all(h.changed_at <= timezone.now() for h in history)
        assert application.direction_choices.exists() and application.ideas.exists()
        assert application.social_accounts.exists() and application.role == "blogger"
        assert Consent.objects.filter(user=application.applicant).exists()


def test_the_reviews_logins_take_over_what_the_review_decided_and_the_figures_still_add_up():
    seed(stage=StageKind.EDUCATION)
    season = Season.objects.get(is_current=True)
    # 30 generated and the two intake logins of this stage (a draft, a withdrawal).
    assert season.applications.count() == 30 + 2
    for email, status in (("applicant-selected", S.SELECTED), ("applicant-not-selected", S.NOT_SELECTED)):
        application = Application.objects.get(applicant__email=f"{email}@demo.topblog.local")
        assert application.status == status
        decision = SelectionDecision.objects.get(application=application)
        assert decision.final == status
        submitted = application.status_changes.filter(from_status=S.DRAFT)
        assert submitted.filter(changed_by=application.applicant).exists(), "the login submitted it"
        assert Consent.objects.filter(user=application.applicant).exists()
    assert not User.objects.filter(groups__name=Role.APPLICANT, applications__isnull=True).exclude(
        email__endswith="@demo.topblog.local"
    ).exists(), "the generated accounts the logins took over are gone"


def test_under_review_the_login_is_in_the_experts_queues():
    seed(stage=StageKind.PORTFOLIO_REVIEW)
    application = Application.objects.get(applicant__email="applicant-review@demo.topblog.local")
    assert application.status == S.UNDER_REVIEW
    assert application.review_assignments.count() >= 2


def test_the_cabinet_of_each_login_shows_its_state(client):
    seed()
    def sign_in(word: str) -> None:
        client.post(reverse("accounts:logout"))
        credentials = {"username": f"{word}@demo.topblog.local", "password": f"demo-{word}-2026"}
        assert client.post(reverse("accounts:login"), credentials).status_code == 302, word

    for word, status in (("applicant-submitted", "Подана"), ("applicant-draft", "Черновик"),
                         ("applicant-withdrawn", "Отозвана")):
        sign_in(word)
        html = client.get(reverse("cabinet:home")).content.decode()
        assert f'id="application-status">{status}</strong>' in html, word
    sign_in("applicant")
    assert "Вы ещё не начали заявку" in client.get(reverse("cabinet:home")).content.decode()


def test_seeding_again_leaves_one_application_per_login_and_nothing_piled_up():
    seed()
    before = (Application.objects.count(), Consent.objects.count())
    seed(if_empty=True)
    assert (Application.objects.count(), Consent.objects.count()) == before
    assert logins()["applicant-submitted"] == S.SUBMITTED


def test_without_a_season_an_applicant_login_has_no_application():
    rows = demo_accounts_create()
    assert [email for _label, email, _password in rows if email.startswith("applicant")] == [
        "applicant@demo.topblog.local"
    ]


def test_a_later_stage_adds_its_state_with_its_own_rows():
    finished = []
    state = DemoApplicantState(
        "applicant-finalist", "Заявитель: финалист", S.SELECTED, tuple(StageKind.values[2:]),
        steps=(("draft", "submitted", True), ("submitted", "under_review", False),
               ("under_review", "selected", False)),
        finish=lambda user, application: finished.append((user.email, application.status)),
    )
    register_demo_applicant_state(state)
    try:
        with pytest.raises(ValueError, match="already registered"):
            register_demo_applicant_state(state)
        seed(stage=StageKind.TEAM_MODULE)
        assert logins()["applicant-finalist"] == S.SELECTED
        assert finished == [("applicant-finalist@demo.topblog.local", S.SELECTED)]
        user = User.objects.get(email="applicant-finalist@demo.topblog.local")
        assert user.role_codes == {Role.APPLICANT}
    finally:
        unregister_demo_applicant_state(state.word)
    assert state not in demo_applicant_states()


def test_between_stages_the_last_one_over_counts():
    now = timezone.now()
    day = timezone.timedelta(days=1)
    stages = [
        Stage(kind=StageKind.APPLICATIONS, starts_at=now - 30 * day, ends_at=now - 10 * day),
        Stage(kind=StageKind.PORTFOLIO_REVIEW, starts_at=now + 5 * day, ends_at=now + 20 * day),
    ]
    assert season_stage(stages, now) == StageKind.APPLICATIONS
    assert season_stage(stages, now + 6 * day) == StageKind.PORTFOLIO_REVIEW
    assert season_stage(stages, now - 40 * day) == StageKind.APPLICATIONS
