"""The finalist's ranking of the directions: one select per rank, best first, so it
works with a keyboard and without JavaScript. The rules are the service's; the form only
carries what was chosen, as chosen, back to the page on an error."""

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from topblog.tracks.models import Direction


class PreferenceForm(forms.Form):
    def __init__(self, *args, directions: Sequence[Direction], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", gettext_lazy("— не выбрано —"))] + [(d.code, d.name_i18n) for d in directions]
        for rank in range(1, len(directions) + 1):
            self.fields[f"rank_{rank}"] = forms.ChoiceField(
                label=_("Первое по желанию направление")
                if rank == 1
                else _("%(rank)s-е по желанию направление") % {"rank": rank},
                choices=choices,
                required=rank == 1,
                error_messages={
                    "required": _("Укажите хотя бы одно направление."),
                    "invalid_choice": _("Выберите направления из списка направлений сезона."),
                },
            )

    @staticmethod
    def initial_for(directions: Sequence[str]) -> dict[str, str]:
        return {f"rank_{rank}": code for rank, code in enumerate(directions, start=1)}

    def ranked(self) -> list[str]:
        """The chosen codes, best first, with the ranks left empty skipped."""
        return [self.cleaned_data[name] for name in self.fields if self.cleaned_data.get(name)]
