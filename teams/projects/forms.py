"""The workspace's forms: a project, a link, a checkpoint report with each link's figures,
a curator's comment. They only parse; the services decide."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from teams.projects.models import Checkpoint, MediaProject, Platform, ProjectLink
from teams.projects.selectors import MEASURES

MEASURE_LABELS = {
    "views": _("Просмотры"),
    "reactions": _("Реакции"),
    "comments": _("Комментарии"),
    "shares": _("Репосты"),
}
# Enough for the largest platform's counter, below the database's bigint.
FIGURE_MAX = 10**12


class ProjectForm(forms.ModelForm):
    platforms = forms.MultipleChoiceField(
        label=_("Площадки"), choices=Platform.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    responsible = forms.ModelMultipleChoiceField(
        label=_("Ответственные"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Участники команды, которые ведут проект."),
    )
    # The version the form was opened on: a save on an older one is refused, not merged.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MediaProject
        fields = ["title", "goal", "format", "platforms", "audience", "status"]
        widgets = {"goal": forms.Textarea(attrs={"rows": 4}), "audience": forms.TextInput()}

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = members
        if self.instance.pk:
            self.fields["responsible"].initial = list(self.instance.responsible.values_list("pk", flat=True))
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def responsible_ids(self) -> list[int]:
        return [m.pk for m in self.cleaned_data["responsible"]]


class LinkForm(forms.ModelForm):
    url = forms.URLField(label=_("Ссылка"), max_length=500, assume_scheme="https")

    class Meta:
        model = ProjectLink
        fields = ["url", "platform", "title"]


class ReportForm(forms.Form):
    note = forms.CharField(
        label=_("Что сделано к этой точке"),
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[MaxLengthValidator(3000)],
        help_text=_("Коротко: что опубликовано, что узнали из охватов, что дальше. До 3000 знаков."),
    )

    def __init__(self, *args, links, report=None, figures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.links = list(links)
        figures = figures or {}
        if report is not None:
            self.fields["note"].initial = report.note
        for link in self.links:
            for measure in MEASURES:
                figure = figures.get(link.pk)
                self.fields[self.field_name(link.pk, measure)] = forms.IntegerField(
                    label=MEASURE_LABELS[measure],
                    min_value=0,
                    max_value=FIGURE_MAX,
                    required=False,
                    initial=getattr(figure, measure) if figure else None,
                )

    @staticmethod
    def field_name(link_id: int, measure: str) -> str:
        return f"link_{link_id}_{measure}"

    def link_rows(self):
        """Each link with its four bound fields, for a table of figures."""
        return [(link, [self[self.field_name(link.pk, m)] for m in MEASURES]) for link in self.links]

    def figures(self) -> dict[int, dict[str, int]]:
        """The links with any figure filled; an empty one counts as 0."""
        found = {}
        for link in self.links:
            values = {m: self.cleaned_data.get(self.field_name(link.pk, m)) for m in MEASURES}
            if any(v is not None for v in values.values()):
                found[link.pk] = {m: v or 0 for m, v in values.items()}
        return found


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Комментарий куратора"),
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[MaxLengthValidator(3000)],
    )
    checkpoint = forms.ModelChoiceField(
        label=_("К контрольной точке"),
        queryset=Checkpoint.objects.none(),
        required=False,
        empty_label=_("К проекту в целом"),
    )

    def __init__(self, *args, season_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checkpoint"].queryset = Checkpoint.objects.filter(season_id=season_id)
