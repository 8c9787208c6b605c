"""The juror's home, for topblog.accounts.landing: their scoring queue while the current
season's jury is at work (a seat, results not yet published); otherwise the role's other
homes answer."""

from django.urls import reverse

from teams.final.jury.selectors import juror_seat
from topblog.tracks.selectors import season_current


def juror_home(user) -> str | None:
    season = season_current()
    if season is None:
        return None
    seat = juror_seat(user=user, season_id=season.pk)
    if seat is None or hasattr(season, "final_results"):
        return None
    return reverse("final:jury_queue")
