"""Experts: invited by organizers, given the directions they judge, taken off the
review (their unfinished work goes to others) and brought back."""

import logging
from collections.abc import Iterable

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from applications.models import ReviewAssignment
from applications.review.models import ExpertProfile, ReviewState
from applications.review.services.assignment import assign_reviewers
from topblog.accounts.models import Role, User
from topblog.accounts.services import user_role_grant
from topblog.notifications.models import Event
from topblog.notifications.services import notification_send
from topblog.tracks.models import Direction

logger = logging.getLogger(__name__)


def expert_invite(
    *,
    email: str,
    directions: Iterable[Direction],
    first_name: str = "",
    last_name: str = "",
    ministry: Direction | None = None,
    organization: str = "",
    invited_by: User | None,
) -> ExpertProfile:
    """Invite a person to judge ``directions``.

    Steps, in one transaction: the account of the email, or a new one without a
    password (names are set only where the account has none); the expert role through
    the accounts service; the profile with directions, ministry, place of work, who
    invited and when (active again if they had been taken off); the invitation mail
    through the outbox (expert_invitation_send).
    """
    email = User.objects.normalize_email(email)
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"password": make_password(None), "first_name": first_name, "last_name": last_name},
        )
        if not created and not (user.first_name or user.last_name) and (first_name or last_name):
            user.first_name, user.last_name = first_name, last_name
            user.save(update_fields=["first_name", "last_name"])
        user_role_grant(user=user, role=Role.EXPERT, granted_by=invited_by)
        profile, _created = ExpertProfile.objects.update_or_create(
            user=user,
            defaults={
                "ministry": ministry,
                "organization": organization,
                "is_active": True,
                "deactivated_at": None,
                "invited_at": timezone.now(),
                "invited_by": invited_by,
            },
        )
        profile.directions.set(directions)
        expert_invitation_send(user=user)
    logger.info("Expert %s invited by %s", user.pk, getattr(invited_by, "pk", None))
    return profile


def expert_invitation_send(*, user: User) -> None:
    """Mail the invitation through the outbox. Its link (applications.review.links) is
    made when the mail is sent, never stored: to an account without a password it opens
    the page where they choose one, so it is kept from the portal and the admin as the
    secret it is; to one with a password it leads to the queue."""
    profile = ExpertProfile.objects.prefetch_related("directions").get(user=user)
    english = user.language == "en"
    notification_send(
        event=Event.EXPERT_INVITATION,
        recipients=[user],
        context={
            "name": user.first_name,
            "directions": ", ".join(d.name_en if english else d.name for d in profile.directions.all()),
        },
        # Each invitation is a new message: sent again, it must arrive again.
        occasion=f"expert-invitation-{timezone.now().isoformat()}",
    )


def expert_deactivate(*, user_id: int, by: User | None) -> int:
    """Take an expert off the review.

    Steps, in one transaction: lock the profile and mark it inactive; cancel their
    unfinished assignments in seasons whose selection is not yet published (finished
    reviews stay and count); fill those applications again from the other experts
    (assign_reviewers, which mails them). Returns how many reviews were handed over.
    """
    now = timezone.now()
    with transaction.atomic():
        profile = ExpertProfile.objects.select_for_update().get(user_id=user_id)
        profile.is_active, profile.deactivated_at = False, now
        profile.save(update_fields=["is_active", "deactivated_at"])
        unfinished = (
            ReviewAssignment.objects.filter(expert_id=user_id, cancelled_at__isnull=True)
            .exclude(review__state=ReviewState.SUBMITTED)
            .exclude(application__season__selection__published_at__isnull=False)
        )
        seasons = sorted(set(unfinished.values_list("application__season_id", flat=True)))
        handed_over = ReviewAssignment.objects.filter(
            pk__in=list(unfinished.values_list("pk", flat=True))
        ).update(cancelled_at=now)
        for season_id in seasons:
            assign_reviewers(season_id=season_id, by=by, now=now)
    logger.info(
        "Expert %s taken off the review by %s; %s reviews handed over",
        user_id,
        getattr(by, "pk", None),
        handed_over,
    )
    return handed_over


def expert_activate(*, user_id: int, by: User | None) -> None:
    """Bring an expert back: the next assignment run may give them work again."""
    with transaction.atomic():
        profile = ExpertProfile.objects.select_for_update().get(user_id=user_id)
        profile.is_active, profile.deactivated_at = True, None
        profile.save(update_fields=["is_active", "deactivated_at"])
    logger.info("Expert %s brought back by %s", user_id, getattr(by, "pk", None))
