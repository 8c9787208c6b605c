"""``seed_demo`` and its services against the database."""

import logging
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from applications import rules
from applications.models import (
    ApplicantRole,
    Application,
    ApplicationStatus,
    ContentLink,
    PortfolioFile,
    SocialAccount,
    StatusChange,
)
from applications.validators import upload_validate
from tests.factories import ApplicationFactory, organizer
from topblog.accounts.models import Consent, ConsentDocument, Role, User
from topblog.accounts.selectors import consent_document_current
from topblog.demo import generator
from topblog.demo.services import DEMO_ACCOUNTS, DEMO_DOMAIN, DemoSeedError, demo_accounts_create
from topblog.tracks.models import Direction, Season, StageKind

pytestmark = pytest.mark.django_db


def generated():
    """The generated season's applications, without the demo logins' own (test_applicant_logins)."""
    return Application.objects.exclude(applicant__email__endswith=f"@{DEMO_DOMAIN}")


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", applications=200, seed=3, stdout=out, **options)
    return out.getvalue()


def test_generator_knows_every_stage_in_order():
    assert list(generator.STAGE_ORDER) == list(StageKind.values)


def test_seed_creates_the_current_season_with_its_calendar():
    output = seed()
    season = Season.objects.get(is_current=True)
    assert (season.number, season.bloggers_quota, season.officials_quota) == (5, 600, 100)
    assert (season.finalists_quota, season.team_size) == (150, 30)
    stages = {s.kind: s for s in season.stages.all()}
    assert list(stages) == list(StageKind.values)
    assert stages[StageKind.APPLICATIONS].is_open()
    applications_end = timezone.localtime(stages[StageKind.APPLICATIONS].ends_at)
    assert (applications_end.hour, applications_end.minute) == (23, 59)
    assert "Сенеж" in stages[StageKind.TEAM_MODULE].venue and "Сенеж" in stages[StageKind.FINAL].venue
    final = stages[StageKind.FINAL]
    final_days = (timezone.localdate(final.starts_at), timezone.localdate(final.ends_at))
    assert [(d.month, d.day) for d in final_days] == [(11, 17), (11, 19)]
    assert "200" in output and "organizer@demo.topblog.local" in output


def test_seed_creates_complete_applications():
    seed()
    applications = generated()
    assert applications.count() == 200
    assert not applications.filter(direction_choices__isnull=True).exists()
    assert not applications.filter(ideas__isnull=True).exists()
    assert not applications.filter(role=ApplicantRole.BLOGGER, social_accounts__isnull=True).exists()
    submitted = applications.exclude(status=ApplicationStatus.DRAFT).prefetch_related("status_changes")
    for application in submitted:
        history = list(application.status_changes.all())
        assert history and history[-1].to_status == application.status
        assert application.created_at <= application.submitted_at <= timezone.now()
        assert application.updated_at == history[-1].changed_at
    for draft in applications.filter(status=ApplicationStatus.DRAFT).select_related("applicant"):
        assert draft.created_at == draft.updated_at == draft.applicant.date_joined < timezone.now()
    applicants = User.objects.filter(applications__isnull=False).exclude(email__endswith=f"@{DEMO_DOMAIN}")
    assert applicants.count() == 200
    assert applicants.filter(groups__name=Role.APPLICANT).count() == 200
    assert not any(u.has_usable_password() for u in applicants)
    totals = {a.pk: a.total_followers for a in applications}
    for account in SocialAccount.objects.filter(application__in=applications):
        assert account.followers <= totals[account.application_id]


def test_statuses_fit_the_applications_stage():
    seed()
    statuses = Counter(generated().values_list("status", flat=True))
    open_statuses = {ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN}
    assert set(statuses) <= open_statuses
    assert statuses[ApplicationStatus.SUBMITTED] > statuses[ApplicationStatus.DRAFT]


def test_statuses_fit_a_stage_after_selection():
    seed(stage=StageKind.EDUCATION)
    assert Season.objects.get(is_current=True).stages.get(kind=StageKind.EDUCATION).is_open()
    assert not Application.objects.filter(
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW]
    ).exists()
    # The demo logins selected and not selected took over generated applications: all count.
    selected = Counter(
        Application.objects.filter(status=ApplicationStatus.SELECTED).values_list("role", flat=True)
    )
    assert selected == {ApplicantRole.BLOGGER: 14, ApplicantRole.OFFICIAL: 2}  # 600 and 100 scaled to 200


def test_seeding_twice_without_reset_is_refused_and_changes_nothing():
    seed()
    counts = (
        Season.objects.count(),
        Application.objects.count(),
        User.objects.count(),
        StatusChange.objects.count(),
    )
    with pytest.raises(CommandError, match="--reset") as refused:
        seed()
    assert "заявки" in str(refused.value)
    assert counts == (
        Season.objects.count(),
        Application.objects.count(),
        User.objects.count(),
        StatusChange.objects.count(),
    )


def test_if_empty_skips_quietly_when_data_exists():
    seed()
    season = Season.objects.get()
    output = seed(if_empty=True)
    assert Season.objects.get() == season and generated().count() == 200
    assert "applicant@demo.topblog.local" in output


def test_reset_recreates_and_keeps_staff_and_demo_logins():
    staff = organizer()
    seed()
    first_season = Season.objects.get()
    seed(reset=True)
    assert Season.objects.get().pk != first_season.pk
    assert generated().count() == 200
    assert User.objects.filter(pk=staff.pk).exists()
    logins = User.objects.filter(email__endswith="@demo.topblog.local")
    # The staff, and applicants without an application, with a draft, submitted, withdrawn.
    assert logins.count() == len(DEMO_ACCOUNTS) + 4
    # Old generated applicants went with their applications; the demo login without one stays.
    assert list(User.objects.filter(groups__name=Role.APPLICANT, applications__isnull=True)) == [
        User.objects.get(email="applicant@demo.topblog.local")
    ]


def test_demo_accounts_have_their_roles_and_passwords():
    first = demo_accounts_create()
    assert demo_accounts_create() == first  # idempotent
    # No season yet: the staff, and one applicant without an application.
    assert User.objects.filter(email__endswith="@demo.topblog.local").count() == 5
    assert first[-1][1:] == ("applicant@demo.topblog.local", "demo-applicant-2026")
    for (role, _word, _first, _last), (_label, email, password) in zip(DEMO_ACCOUNTS, first[:4], strict=True):
        user = User.objects.get(email=email)
        assert user.check_password(password) and user.is_active and user.email_confirmed_at
        assert user.role_codes == {role}
        assert user.is_staff == (role == Role.ORGANIZER) and not user.is_superuser
    curator = User.objects.get(email="curator@demo.topblog.local")
    assert curator.curated_direction.code == "culture"
    assert not User.objects.get(email="applicant@demo.topblog.local").applications.exists()


def test_demo_accounts_get_their_roles_through_the_role_service(caplog):
    caplog.set_level(logging.INFO, logger="topblog.accounts.services")

    demo_accounts_create()

    for role, word, _first, _last in DEMO_ACCOUNTS:
        user = User.objects.get(email=f"{word}@{DEMO_DOMAIN}")
        assert f"Role {role} granted to user {user.pk} by None" in caplog.messages


def test_running_again_takes_back_what_was_given_to_a_demo_login_by_hand():
    demo_accounts_create()
    expert = User.objects.get(email=f"expert@{DEMO_DOMAIN}")
    expert.groups.add(Group.objects.get(name=Role.ORGANIZER))
    expert.is_staff = expert.is_superuser = True
    expert.curated_direction = Direction.objects.get(code="health")
    expert.save()
    curator = User.objects.get(email=f"curator@{DEMO_DOMAIN}")
    curator.curated_direction = Direction.objects.get(code="health")
    curator.save()

    demo_accounts_create()

    expert = User.objects.get(pk=expert.pk)
    assert expert.role_codes == {Role.EXPERT}
    assert not (expert.is_staff or expert.is_superuser or expert.curated_direction)
    assert User.objects.get(pk=curator.pk).curated_direction.code == "culture"


def test_help_is_printable():
    from topblog.demo.management.commands.seed_demo import Command

    assert "демо-сезон" in Command().create_parser("manage.py", "seed_demo").format_help()


def test_if_empty_seeds_an_empty_database():
    output = seed(if_empty=True)

    assert Season.objects.filter(is_current=True).exists() and generated().count() == 200
    assert "уже создан" not in output and "applicant@demo.topblog.local" in output


def test_if_empty_says_the_season_is_there_and_renews_the_logins():
    seed()
    applicant = User.objects.get(email="applicant@demo.topblog.local")
    applicant.set_password("changed-by-someone")
    applicant.save()

    output = seed(if_empty=True)

    assert "Демо-сезон уже создан" in output and "demo-applicant-2026" in output
    assert User.objects.get(email="applicant@demo.topblog.local").check_password("demo-applicant-2026")


def test_duplicates_are_flagged_by_the_intake_rule_on_both_sides():
    seed()
    applications = Application.objects.prefetch_related("social_accounts")
    phones = Counter(a.phone for a in applications)
    links = Counter(s.url for a in applications for s in a.social_accounts.all())
    flagged = {a.pk for a in applications if a.is_possible_duplicate}

    sharing = {
        a.pk for a in applications
        if phones[a.phone] > 1 or any(links[s.url] > 1 for s in a.social_accounts.all())
    }
    assert flagged and flagged == sharing
    for application in applications.filter(is_possible_duplicate=True):
        # The reason is the service's, naming the other application.
        assert application.duplicate_reason.startswith(("тот же телефон", "та же ссылка"))
        assert "№" in application.duplicate_reason


def test_portfolio_files_are_valid_small_files_under_random_names():
    seed()
    files = list(PortfolioFile.objects.select_related("application"))

    assert files and len(files) < 40  # a few per hundred applications
    for stored in files:
        assert default_storage.exists(stored.file.name)
        assert stored.original_name not in stored.file.name
        with stored.file.open("rb") as content:
            # The same check an upload passes: by content, not by name.
            assert upload_validate(content) == stored.content_type
        assert stored.size == stored.file.size < 5000
    work = Counter(f.application_id for f in files if f.kind == PortfolioFile.Kind.WORK)
    assert work and max(work.values()) <= rules.MAX_WORK_FILES
    assert {f.application.role for f in files if f.kind == PortfolioFile.Kind.WORK} == {ApplicantRole.BLOGGER}


def test_every_submitted_minor_has_a_parents_consent():
    seed()
    season = Season.objects.get()
    today = timezone.localdate()
    submitted = Application.objects.exclude(status=ApplicationStatus.DRAFT)
    minors = {a.pk for a in submitted if rules.age_on(a.birth_date, today) < season.adult_age}
    consents = PortfolioFile.objects.filter(kind=PortfolioFile.Kind.PARENT_CONSENT)
    with_consent = set(consents.values_list("application_id", flat=True))
    assert minors and minors == with_consent


def test_content_links_belong_to_the_bloggers_own_platforms():
    seed()
    links = ContentLink.objects.select_related("application")

    assert links.exists()
    per_application = Counter(link.application_id for link in links)
    assert max(per_application.values()) <= rules.MAX_CONTENT_LINKS
    for link in links:
        assert link.application.role == ApplicantRole.BLOGGER
        platforms = set(link.application.social_accounts.values_list("platform", flat=True))
        assert any(rules.url_matches_platform(link.url, p) for p in platforms), link.url


def test_consents_record_the_current_texts_with_their_evidence():
    seed()
    processing = consent_document_current(kind=ConsentDocument.Kind.PROCESSING)
    applicants = User.objects.filter(applications__isnull=False)

    given = Consent.objects.filter(user__in=applicants).select_related("document")
    assert set(given.filter(document=processing).values_list("user_id", flat=True)) == set(
        applicants.values_list("pk", flat=True)
    )
    published = given.filter(document__kind=ConsentDocument.Kind.PUBLICATION)
    assert published.exists()
    assert not published.filter(user__applications__status=ApplicationStatus.DRAFT).exists()
    for consent in given:
        assert consent.ip_address and consent.user_agent.startswith("Mozilla/5.0")
        assert consent.given_at >= consent.document.published_at


def test_reset_deletes_the_stored_files_after_commit(django_capture_on_commit_callbacks):
    seed()
    old = list(PortfolioFile.objects.values_list("file", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        seed(reset=True)

    assert old and not any(default_storage.exists(name) for name in old)
    assert all(default_storage.exists(name) for name in PortfolioFile.objects.values_list("file", flat=True))


def test_where_demo_data_is_not_allowed_nothing_is_deleted_and_no_login_is_made(settings):
    real = ApplicationFactory()
    settings.DEMO_DATA_ALLOWED = False

    for options in ({"reset": True}, {"if_empty": True}):
        with pytest.raises(CommandError, match="Демо-данные в этой установке запрещены"):
            seed(**options)

    assert list(Application.objects.all()) == [real]
    assert not User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists()


def test_demo_logins_are_refused_on_their_own_where_demo_data_is_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(DemoSeedError, match="DEMO_DATA_ALLOWED"):
        demo_accounts_create()
    assert not User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists()


def test_each_flagged_duplicate_is_logged_only_when_asked_for(caplog):
    caplog.set_level(logging.INFO)
    seed()
    flagged = [r for r in caplog.records if "possible duplicate" in r.getMessage()]
    assert flagged == []

    caplog.clear()
    seed(reset=True, verbosity=2)
    assert any("possible duplicate" in r.getMessage() for r in caplog.records)
    assert Application.objects.filter(is_possible_duplicate=True).exists()
