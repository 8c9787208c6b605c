"""The jury's part of a person's data export: their seats in the final's jury and every
score they gave. Teams' members are not named in the jury's data: the scores of their
projects are the jurors', not theirs to download."""

from typing import Any

from teams.final.models import Juror, JuryScore
from topblog.accounts.models import User


def juror_export(user: User) -> dict[str, Any] | None:
    seats = list(Juror.objects.filter(user=user).select_related("season").prefetch_related("directions"))
    if not seats:
        return None
    scores = (
        JuryScore.objects.filter(juror__user=user)
        .select_related("project", "criterion", "juror__season")
        .order_by("juror__season__number", "project_id", "criterion__position")
    )
    return {
        "seats": [
            {
                "season": seat.season.number,
                "directions": [d.code for d in seat.directions.all()],
                "added_at": seat.added_at,
            }
            for seat in seats
        ],
        "scores": [
            {
                "season": s.juror.season.number,
                "project": s.project.title,
                "criterion": s.criterion.name,
                "score": s.score,
                "comment": s.comment,
                "scored_at": s.scored_at,
            }
            for s in scores
        ],
    }
