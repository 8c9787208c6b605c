"""Intake: the applicant's draft, its submission with the consents, withdrawal."""

import logging
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications import drafts, rules, selectors, validators
from applications.drafts import PLAIN_FIELDS, ApplicationDraft
from applications.models import (
    ApplicantRole,
    Application,
    ApplicationDirection,
    ContentLink,
    MediaProjectIdea,
    PortfolioFile,
    SocialAccount,
)
from applications.services.duplicates import duplicate_partners, duplicates_recompute
from applications.services.files import portfolio_file_remove
from applications.services.status import S, application_draft_lock, application_status_change
from topblog.accounts.models import ConsentDocument
from topblog.accounts.services import consent_record
from topblog.tracks.models import Direction, Region, Season
from topblog.tracks.selectors import application_window

logger = logging.getLogger(__name__)


class StaleApplicationError(ValidationError):
    """The application changed since the editor loaded it (another tab, device or the
    API): the save is refused and nothing is written."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Заявку уже изменили в другой вкладке или на другом устройстве, поэтому ваши изменения "
                "не сохранены. Скопируйте нужный текст и откройте заявку заново, чтобы увидеть "
                "последнюю версию."
            ),
            code="stale",
        )


def application_start(*, season: Season, applicant) -> Application:
    """The person's one application in ``season``: theirs if it exists, else a new,
    empty draft. Two requests racing get the same row (the unique constraint decides).
    PermissionDenied for a person who is not an applicant."""
    if not selectors.user_may_apply(applicant):
        raise PermissionDenied(validators.APPLICANTS_ONLY)
    # The role is chosen on the form; a draft starts as a blogger's, as most are.
    application, created = Application.objects.get_or_create(
        season=season, applicant=applicant, defaults={"role": ApplicantRole.BLOGGER}
    )
    if created:
        logger.info("Application %s started by user %s", application.pk, applicant.pk)
    return application


def _references(data: ApplicationDraft) -> tuple[Region | None, Direction | None, list[Direction]]:
    """The region and directions the draft names by code; ValidationError on an unknown one."""
    codes = {*data.direction_codes, *([data.ministry_direction_code] if data.ministry_direction_code else [])}
    directions = {d.code: d for d in Direction.objects.filter(code__in=codes)}
    errors = {}
    region = None
    if data.region_code:
        region = Region.objects.filter(code=data.region_code).first()
        if region is None:
            errors["region"] = _("Выберите регион из списка.")
    if any(code not in directions for code in data.direction_codes):
        errors["directions"] = _("Выберите направление из списка.")
    if data.ministry_direction_code and data.ministry_direction_code not in directions:
        errors["ministry_direction"] = _("Выберите министерство из списка.")
    if errors:
        raise ValidationError(errors)
    ministry = directions.get(data.ministry_direction_code)
    return region, ministry, [directions[code] for code in data.direction_codes]


def application_draft_save(
    *, application_id: int, expected_version: int, data: ApplicationDraft, by
) -> Application:
    """Write the applicant's draft over the stored one.

    Steps, in one transaction: check what is filled in (empty is fine); lock the row;
    refuse anything but a draft and a stale ``expected_version``
    (StaleApplicationError, nothing written); write the fields (phone and social links
    normalised; with no role chosen, a named ministry makes it an official's, else a
    blogger's; a blogger's ministry is dropped) and replace the rows of directions,
    social accounts, links and ideas;
    bump the version; recompute the total of followers and the duplicate flags of this
    application and of those it matched before or matches now.
    """
    validators.draft_validate(data)
    region, ministry, directions = _references(data)
    with transaction.atomic():
        application = application_draft_lock(application_id=application_id)
        if application.version != expected_version:
            raise StaleApplicationError()
        partners_before = set(duplicate_partners(application))
        for name in PLAIN_FIELDS:
            setattr(application, name, getattr(data, name))
        application.phone = rules.phone_normalize(data.phone) or ""
        # A draft always has a role (a constraint): until one is chosen, a named ministry
        # makes it an official's, else a blogger's. Only an official names a ministry.
        application.role = data.role or (ApplicantRole.OFFICIAL if ministry else ApplicantRole.BLOGGER)
        application.region = region
        application.ministry_direction = ministry if application.role == ApplicantRole.OFFICIAL else None
        accounts = [
            SocialAccount(
                application=application,
                platform=row.platform,
                url=rules.url_normalize(row.url) if row.url else "",
                followers=row.followers,
            )
            for row in data.social_accounts
        ]
        application.total_followers = sum(account.followers for account in accounts)
        application.version += 1
        application.save()
        application.direction_choices.all().delete()
        ApplicationDirection.objects.bulk_create(
            ApplicationDirection(application=application, direction=direction, rank=rank)
            for rank, direction in enumerate(directions, start=1)
        )
        application.social_accounts.all().delete()
        SocialAccount.objects.bulk_create(accounts)
        application.content_links.all().delete()
        ContentLink.objects.bulk_create(
            ContentLink(application=application, url=url.strip(), position=position)
            for position, url in enumerate(data.content_links, start=1)
        )
        application.ideas.all().delete()
        MediaProjectIdea.objects.bulk_create(
            MediaProjectIdea(
                application=application, title=idea.title, description=idea.description, position=n
            )
            for n, idea in enumerate(data.ideas, start=1)
        )
        duplicates_recompute([application.pk, *partners_before, *duplicate_partners(application)])
    logger.info("Application %s draft saved by %s (version %s)", application.pk, by.pk, application.version)
    application.refresh_from_db()
    return application


def application_form_save(
    *,
    application_id: int,
    expected_version: int,
    data: ApplicationDraft,
    by,
    remove_file_ids: Sequence[int] = (),
) -> Application:
    """What the application page saves at once, all or nothing: the draft and the files
    the applicant removed (only this application's). The files they added are kept each
    on its own (portfolio_files_add), so one refused file costs no other."""
    with transaction.atomic():
        application = application_draft_save(
            application_id=application_id, expected_version=expected_version, data=data, by=by
        )
        # Ids of files no longer there (removed in another tab) are passed over.
        present = PortfolioFile.objects.filter(application_id=application_id, pk__in=remove_file_ids)
        for file_id in list(present.values_list("pk", flat=True)):
            portfolio_file_remove(application_id=application_id, file_id=file_id, by=by)
    return application


def application_submit(
    *,
    application_id: int,
    expected_version: int,
    by,
    ip_address: str | None,
    user_agent: str,
    processing_consent: bool,
    publication_consent: bool,
) -> Application:
    """Submit a draft. ``processing_consent`` is the applicant's required checkbox on
    the form or in the API: without it nothing is submitted.

    Steps, in one transaction: lock the row; refuse a second submission («Заявка уже
    подана») and a stale version; refuse outside the season's application window;
    refuse while rules.submission_problems() finds anything (too young, no parent's
    consent under adult_age, missing fields: one ValidationError keyed by field);
    record the consent to the current processing text, and to the publication text if
    given, with time, IP address and browser; move the status to
    SUBMITTED through application_status_change (history, notification after commit).
    """
    if not processing_consent:
        raise ValidationError({"processing_consent": validators.PROCESSING_CONSENT_REQUIRED})
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("season", "applicant")
            .get(pk=application_id)
        )
        if refusal := validators.submission_refusal(application.status):
            raise ValidationError(refusal, code="already_submitted")
        if application.version != expected_version:
            raise StaleApplicationError()
        now = timezone.now()
        window_problem = _window_problem(application.season, now)
        if window_problem:
            raise ValidationError(window_problem, code="window_closed")
        season = application.season
        complete = selectors.application_of(user=application.applicant, season=season)
        problems = rules.submission_problems(drafts.snapshot_of(complete, today=timezone.localdate(now)))
        if problems:
            raise validators.problems_error(
                problems, min_age=season.min_applicant_age, adult_age=season.adult_age
            )
        kinds = [ConsentDocument.Kind.PROCESSING]
        if publication_consent:
            kinds.append(ConsentDocument.Kind.PUBLICATION)
        for kind in kinds:
            consent_record(
                user=application.applicant, kind=kind, ip_address=ip_address, user_agent=user_agent
            )
        application.version += 1
        application.save(update_fields=["version", "updated_at"])
        application = application_status_change(
            application_id=application.pk, to_status=S.SUBMITTED, changed_by=by
        )
    return application


def _window_problem(season: Season, now) -> str | None:
    window = application_window(season=season)
    if window is None:
        return _("Приём заявок в этом сезоне не объявлен.")
    phase = window.phase(now)
    if phase == "future":
        return _("Приём заявок ещё не начался: он откроется %(date)s.") % {
            "date": date_format(timezone.localtime(window.starts_at), "j E Y, H:i")
        }
    if phase == "past":
        return _("Приём заявок завершён %(date)s, подать заявку уже нельзя.") % {
            "date": date_format(timezone.localtime(window.ends_at), "j E Y, H:i")
        }
    return None


def application_withdraw(*, application_id: int, by, reason: str = "") -> Application:
    """The applicant (or an organizer on their behalf, with a reason) withdraws the
    application. Allowed from any status the transitions table lets lead to withdrawn;
    the status service locks, records and notifies."""
    return application_status_change(
        application_id=application_id, to_status=S.WITHDRAWN, changed_by=by, reason=reason.strip()
    )
