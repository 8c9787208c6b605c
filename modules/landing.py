"""The expert's home while the programme has work waiting for a grade, for
topblog.accounts.landing: the grading queue, ahead of the review queue of the stage before."""

from django.urls import reverse

from modules.selectors.programme import grading_queue
from topblog.tracks.selectors import season_current


def grader_home(user) -> str | None:
    season = season_current()
    if season is None or not grading_queue(season_id=season.pk).exists():
        return None
    return reverse("modules:grading_queue")
