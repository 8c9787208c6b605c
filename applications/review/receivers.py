"""What the review does when something happens to a person in a lower app."""

from applications.review.models import ExpertProfile
from applications.review.services import expert_deactivate


def expert_work_hand_over(*, user, by, **kwargs) -> None:
    """An expert whose account is switched off is taken off the review, so that their
    unfinished reviews go to other experts (in the caller's transaction)."""
    if ExpertProfile.objects.filter(user_id=user.pk, is_active=True).exists():
        expert_deactivate(user_id=user.pk, by=by)
