"""Possible duplicates: another application of the season with the same phone or a
social link in common is flagged for organizers, never blocked."""

import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, SocialAccount

logger = logging.getLogger(__name__)


def duplicate_partners(application: Application) -> dict[int, list[str]]:
    """Other applications of the season with the same phone or a social link in
    common, each with why it looks like the same person."""
    partners: dict[int, list[str]] = {}
    others = Application.objects.filter(season_id=application.season_id).exclude(pk=application.pk)
    if application.phone:
        for pk in others.filter(phone=application.phone).values_list("pk", flat=True):
            partners.setdefault(pk, []).append(_("тот же телефон, что в заявке №%(pk)s") % {"pk": pk})
    urls = [url for url in application.social_accounts.values_list("url", flat=True) if url]
    if urls:
        # A join to the season's applications, not an IN over all their ids.
        shared = (
            SocialAccount.objects.filter(application__season_id=application.season_id, url__in=urls)
            .exclude(application_id=application.pk)
            .values_list("application_id", "url")
            .order_by("application_id", "url")
            .distinct()
        )
        for pk, url in shared:
            partners.setdefault(pk, []).append(
                _("та же ссылка %(url)s, что в заявке №%(pk)s") % {"url": url, "pk": pk}
            )
    return partners


def duplicates_recompute(application_ids: Iterable[int]) -> None:
    """Flag (or clear) each application by what it shares with others now. A match an
    organizer resolved stays resolved until the reason changes."""
    for application in Application.objects.filter(pk__in=set(application_ids)).order_by("pk"):
        partners = duplicate_partners(application)
        reason = "; ".join(r for pk in sorted(partners) for r in partners[pk])
        reason = reason[: Application._meta.get_field("duplicate_reason").max_length]
        if partners and application.duplicate_resolved_at and application.duplicate_reason == reason:
            continue
        flagged = bool(partners)
        if flagged == application.is_possible_duplicate and reason == application.duplicate_reason:
            continue
        Application.objects.filter(pk=application.pk).update(
            is_possible_duplicate=flagged,
            duplicate_reason=reason,
            duplicate_resolved_at=None,
            duplicate_resolved_by=None,
        )
        if flagged:
            logger.info("Application %s flagged as a possible duplicate: %s", application.pk, reason)


def application_duplicates_flag(*, application_id: int) -> None:
    """Flag the application, and the ones it matches, as possible duplicates when they
    share a phone or a social link in the season; clear the flag when nothing matches.
    Never blocks anything: organizers decide."""
    with transaction.atomic():
        application = Application.objects.get(pk=application_id)
        duplicates_recompute([application_id, *duplicate_partners(application)])


def application_duplicates_resolve(*, application_ids: list[int], by) -> int:
    """An organizer looked and found these are not duplicates: the flag is cleared and
    who did it and when is recorded. Returns how many were flagged."""
    with transaction.atomic():
        resolved = Application.objects.filter(pk__in=application_ids, is_possible_duplicate=True).update(
            is_possible_duplicate=False, duplicate_resolved_at=timezone.now(), duplicate_resolved_by=by
        )
    logger.info("%s possible duplicates resolved by %s", resolved, getattr(by, "pk", None))
    return resolved
