"""The expert's home, for topblog.accounts.landing: their queue of applications to review."""

from django.urls import reverse


def expert_home(user) -> str:
    return reverse("review:queue")
