"""The applicant's home, for topblog.accounts.landing: where an applicant starts after
signing in or confirming their email."""

from django.urls import reverse
from django.utils import timezone

from applications import selectors
from applications.models import ApplicationStatus
from topblog.tracks.selectors import application_window, season_current


def applicant_home(user) -> str:
    """The application form while there is one to fill (none yet, or a draft) and the
    window is not over; the cabinet once it is submitted, or when nothing can be filled."""
    state = selectors.cabinet_state(user=user)
    if state is not None and state.status != ApplicationStatus.DRAFT:
        return reverse("cabinet:home")
    season = season_current()
    window = application_window(season=season) if season else None
    if window is not None and window.phase(timezone.now()) != "past":
        return reverse("applications:form")
    return reverse("cabinet:home")
