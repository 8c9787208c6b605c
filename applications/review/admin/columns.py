"""Columns that lists of applications and of decisions share: the normalised score and
how far apart the experts are, read from ``score`` and ``disagreement`` on each row."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class StandingColumns:
    @admin.display(description=_("балл"), ordering="score")
    def score_shown(self, obj) -> str:
        return "—" if obj.score is None else f"{obj.score:+.2f}"

    @admin.display(description=_("расхожд."), ordering="disagreement")
    def disagreement_shown(self, obj) -> str:
        return "—" if obj.disagreement is None else f"{obj.disagreement:.2f}"
