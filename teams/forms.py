"""Organizers' forms of the team module."""

from django import forms
from django.utils.translation import gettext_lazy as _

from teams.models import MembershipChange, Team


class MembershipMoveForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("В команду"),
        queryset=Team.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Выберите команду."),
            "invalid_choice": _("Выберите команду из списка."),
        },
    )
    reason = forms.CharField(
        label=_("Причина"),
        required=False,
        max_length=MembershipChange._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, season_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = (
            Team.objects.filter(season_id__in=season_ids)
            .select_related("direction")
            .order_by("season", "number")
        )
        self.fields["team"].label_from_instance = lambda team: (
            _("%(team)s — %(size)s из %(capacity)s")
            % {
                "team": team,
                "size": team.size,
                "capacity": team.capacity,
            }
        )


class TeamForm(forms.ModelForm):
    """The team page in the admin, where organizers change only the capacity."""

    class Meta:
        model = Team
        fields = ["capacity"]

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        if capacity < self.instance.size:
            raise forms.ValidationError(
                _("Участников в команде: %(size)s — мест не может быть меньше."),
                params={"size": self.instance.size},
                code="below_size",
            )
        return capacity
