"""Organizers' changes of one member: a move to another team, a lock, and a finalist who
is no longer confirmed leaving their team. Team rows are locked in primary-key order, so
moves and the formation's apply never wait on each other in a cycle, and a full team is
refused under its lock (the check constraint on size backs it)."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.models import FinalistStatus
from teams.models import Membership, MembershipAction, MembershipChange, MembershipSource, Team
from teams.services.notify import team_assigned_tell

logger = logging.getLogger(__name__)
REASON_MAX_LENGTH = MembershipChange._meta.get_field("reason").max_length


def _membership_of(finalist_id: int) -> Membership:
    membership = Membership.objects.filter(finalist_id=finalist_id).first()
    if membership is None:
        raise ValidationError(_("Этот участник ещё не в команде."), code="not_a_member")
    return membership


def membership_move(*, finalist_id: int, to_team_id: int, by, reason: str = "") -> Membership:
    """Move a member to another team of the same season.

    In one transaction: lock both teams in primary-key order, then the membership;
    refuse a team of another season, the member's own team, or a full team (named, with
    its «N из N»); move the member, change both sizes, record who, when and why; tell
    the person their new team after commit."""
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Причина — не длиннее %(max)s знаков.") % {"max": REASON_MAX_LENGTH}}
        )
    now = timezone.now()
    with transaction.atomic():
        from_team_id = _membership_of(finalist_id).team_id
        teams = {
            team.pk: team
            for team in Team.objects.select_for_update()
            .filter(pk__in=[from_team_id, to_team_id])
            .select_related("direction")
            .order_by("pk")
        }
        membership = Membership.objects.select_for_update().get(finalist_id=finalist_id)
        if membership.team_id != from_team_id:
            raise ValidationError(
                _("Участника только что перевели: обновите страницу."), code="moved_meanwhile"
            )
        target = teams.get(to_team_id)
        source = teams[from_team_id]
        if target is None or target.season_id != source.season_id:
            raise ValidationError(_("Такой команды в этом сезоне нет."), code="no_such_team")
        if target.pk == source.pk:
            raise ValidationError(
                _("Участник уже в команде «%(team)s».") % {"team": target.direction.name_i18n},
                code="same_team",
            )
        if target.size >= target.capacity:
            raise ValidationError(
                _("В команде «%(team)s» нет свободных мест: %(size)s из %(capacity)s.")
                % {"team": target.direction.name_i18n, "size": target.size, "capacity": target.capacity},
                code="team_full",
            )
        Team.objects.filter(pk=source.pk).update(size=F("size") - 1)
        Team.objects.filter(pk=target.pk).update(size=F("size") + 1)
        membership.team, membership.source, membership.joined_at = target, MembershipSource.MANUAL, now
        membership.save(update_fields=["team", "source", "joined_at", "updated_at"])
        MembershipChange.objects.create(
            finalist_id=finalist_id,
            action=MembershipAction.MOVED,
            from_team=source,
            to_team=target,
            changed_by=by,
            changed_at=now,
            reason=reason,
        )
        team_assigned_tell(placed=[(finalist_id, target)])
    logger.info("Member %s moved %s -> %s by %s", finalist_id, source.pk, target.pk, getattr(by, "pk", None))
    return membership


def membership_lock(*, finalist_id: int, locked: bool, by, reason: str = "") -> Membership:
    """Lock a member in their team (a new formation leaves them there) or unlock them;
    recorded when it changes anything."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=_membership_of(finalist_id).pk)
        if membership.locked == locked:
            return membership
        membership.locked = locked
        membership.save(update_fields=["locked", "updated_at"])
        MembershipChange.objects.create(
            finalist_id=finalist_id,
            action=MembershipAction.LOCKED if locked else MembershipAction.UNLOCKED,
            from_team_id=membership.team_id,
            to_team_id=membership.team_id,
            changed_by=by,
            changed_at=timezone.now(),
            reason=reason,
        )
    return membership


def memberships_departed_release() -> int:
    """Beat: a member whose place in the team module is no longer confirmed (declined,
    or a deadline passed) leaves their team and frees the seat. The programme's app
    knows nothing of teams, so the teams look. One transaction per person."""
    released = 0
    departed = Membership.objects.exclude(finalist__status=FinalistStatus.CONFIRMED).values_list(
        "finalist_id", "team_id"
    )
    for finalist_id, team_id in list(departed):
        with transaction.atomic():
            # The team first, as every writer of sizes locks it.
            Team.objects.select_for_update().filter(pk=team_id).exists()
            membership = (
                Membership.objects.select_for_update()
                .filter(finalist_id=finalist_id, team_id=team_id)
                .exclude(finalist__status=FinalistStatus.CONFIRMED)
                .first()
            )
            if membership is None:
                continue
            membership.delete()
            Team.objects.filter(pk=team_id).update(size=F("size") - 1)
            MembershipChange.objects.create(
                finalist_id=finalist_id,
                action=MembershipAction.LEFT,
                from_team_id=team_id,
                changed_at=timezone.now(),
                reason=_("Отказался от участия в командном модуле."),
            )
        released += 1
    return released
