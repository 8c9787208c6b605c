"""Every write of the review stage, one module per concern: ``experts`` (invitation,
deactivation), ``assignment`` (who reviews what, and the season's settings applied to
it), ``reviews`` (an expert's draft and submission) and ``selection`` (proposal,
overrides, publication). Callers import from here."""

from applications.review.services.assignment import (
    AssignmentRun,
    assign_reviewers,
    review_settings_apply,
)
from applications.review.services.experts import (
    expert_activate,
    expert_deactivate,
    expert_invitation_send,
    expert_invite,
)
from applications.review.services.reviews import ReviewInput, review_draft_save, review_submit
from applications.review.services.selection import (
    PublishResult,
    selection_override,
    selection_propose,
    selection_publish,
    selection_publish_refusal,
)

__all__ = [
    "AssignmentRun",
    "PublishResult",
    "ReviewInput",
    "assign_reviewers",
    "expert_activate",
    "expert_deactivate",
    "expert_invitation_send",
    "expert_invite",
    "review_draft_save",
    "review_settings_apply",
    "review_submit",
    "selection_override",
    "selection_propose",
    "selection_publish",
    "selection_publish_refusal",
]
