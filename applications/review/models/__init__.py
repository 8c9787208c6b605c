"""Expert review and selection: the season's settings of the stage and its criteria,
the experts with their directions and declared conflicts, each expert's review and
scores, and the selection organizers publish. Assignments are intake's
``ReviewAssignment`` (the file view uses them); the review of one hangs off it here."""

from applications.review.models.experts import ExpertConflict, ExpertProfile
from applications.review.models.reviews import Review, ReviewState, Score
from applications.review.models.selection import Decision, HeldOut, Proposed, Selection, SelectionDecision
from applications.review.models.settings import Criterion, ReviewSettings, SelectionMinimum

__all__ = [
    "Criterion",
    "Decision",
    "ExpertConflict",
    "ExpertProfile",
    "HeldOut",
    "Proposed",
    "Review",
    "ReviewSettings",
    "ReviewState",
    "Score",
    "Selection",
    "SelectionDecision",
    "SelectionMinimum",
]
