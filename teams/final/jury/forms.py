"""The juror's scoring form (a score and a comment per criterion) and the admin's form
that invites a juror."""

from django import forms
from django.utils.translation import gettext_lazy as _

from teams.final.jury.services import ScoreInput
from teams.final.models import FinalCriterion, Juror
from topblog.accounts.models import User
from topblog.i18n import english_active
from topblog.tracks.models import Season
from topblog.tracks.selectors import direction_list

COMMENT_MAX_LENGTH = 2000


def criterion_name(criterion: FinalCriterion) -> str:
    return criterion.name_en if english_active() and criterion.name_en else criterion.name


class ScoreForm(forms.Form):
    """One score (0..the criterion's largest) and an optional comment per criterion."""

    def __init__(self, *args, criteria: list[FinalCriterion], disabled: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=criterion_name(criterion),
                min_value=0,
                max_value=criterion.max_score,
                help_text=_("от 0 до %(top)s; вес %(weight)s")
                % {"top": criterion.max_score, "weight": criterion.weight},
                error_messages={
                    "required": _("Поставьте балл по этому критерию."),
                    "invalid": _("Балл — целое число."),
                    "min_value": _("Балл не меньше 0."),
                    "max_value": _("Балл не больше %(limit_value)s."),
                },
                disabled=disabled,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Комментарий"),
                required=False,
                max_length=COMMENT_MAX_LENGTH,
                disabled=disabled,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def pairs(self):
        """(criterion, score field, comment field) for the template, in the criteria's order."""
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, ScoreInput]:
        return {
            c.pk: ScoreInput(
                score=self.cleaned_data[f"score_{c.pk}"], comment=self.cleaned_data[f"comment_{c.pk}"]
            )
            for c in self.criteria
        }


class JurorInviteForm(forms.ModelForm):
    """The admin's "add juror" page: who to invite, for which season and directions."""

    email = forms.EmailField(label=_("Электронная почта"))
    last_name = forms.CharField(label=_("Фамилия"), max_length=150, required=False)
    first_name = forms.CharField(label=_("Имя"), max_length=150, required=False)

    class Meta:
        model = Juror
        fields = ["season", "directions"]
        widgets = {"directions": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["season"].queryset = Season.objects.order_by("-number")
        self.fields["directions"].queryset = direction_list()

    def clean(self):
        data = super().clean()
        email = User.objects.normalize_email(data.get("email"))
        season = data.get("season")
        if email and season and Juror.objects.filter(season=season, user__email=email).exists():
            self.add_error("email", _("Этот человек уже в жюри сезона: откройте его карточку в списке жюри."))
        data["email"] = email
        return data
