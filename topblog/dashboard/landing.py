"""The ministries' home, for topblog.accounts.landing: the season in figures."""

from django.urls import reverse


def ministries_home(user) -> str:
    return reverse("dashboard:index")
