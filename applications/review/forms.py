"""The expert's scoring form and the organizers' forms of the review admin. Each only
parses input; the services hold the rules."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from applications import rules
from applications.review.models import Criterion, Decision, ExpertProfile
from applications.review.services.reviews import COMMENT_MAX_LENGTH, ReviewInput, criterion_field
from topblog.accounts.models import User
from topblog.tracks.selectors import direction_list


class ReviewForm(forms.Form):
    """A score per criterion of the season (radio buttons over its scale) and a comment.
    Scores may be left empty in a draft; the submission service refuses that."""

    def __init__(self, *args, criteria: list[Criterion], disabled: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        english = get_language() == "en"
        for criterion in criteria:
            self.fields[criterion_field(criterion.pk)] = forms.TypedChoiceField(
                label=criterion.name_en if english else criterion.name,
                help_text=(criterion.description_en if english else criterion.description) or "",
                choices=[
                    (value, str(value)) for value in range(criterion.scale_min, criterion.scale_max + 1)
                ],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                disabled=disabled,
            )
        self.fields["comment"] = forms.CharField(
            label=_("Комментарий"),
            help_text=_(
                "Что удалось и что стоит развить. Если сезон это разрешает, заявитель увидит "
                "комментарий после итогов, без вашего имени."
            ),
            required=False,
            max_length=COMMENT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 5}),
            disabled=disabled,
        )

    def score_fields(self):
        return [(criterion, self[criterion_field(criterion.pk)]) for criterion in self.criteria]

    def review_input(self) -> ReviewInput:
        data = self.cleaned_data
        return ReviewInput(
            scores={c.pk: data.get(criterion_field(c.pk)) for c in self.criteria},
            comment=data.get("comment", ""),
        )


class ExpertInviteForm(forms.ModelForm):
    """The admin's "add expert" page: who to invite and what they judge."""

    email = forms.EmailField(label=_("Электронная почта"))
    first_name = forms.CharField(label=_("Имя"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Фамилия"), max_length=150, required=False)

    class Meta:
        model = ExpertProfile
        fields = ["directions", "ministry", "organization"]
        widgets = {"directions": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["directions"].queryset = direction_list()
        self.fields["directions"].required = True

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if ExpertProfile.objects.filter(user__email=email).exists():
            raise forms.ValidationError(
                _("Этот человек уже эксперт: откройте его карточку в списке экспертов.")
            )
        return email


class OverrideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Решение"),
        choices=[("", _("Как предложено")), *Decision.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Обоснование"),
        required=False,
        max_length=rules.STATUS_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Обязательно, если решение отличается от предложенного. Заявитель его не увидит."),
    )
