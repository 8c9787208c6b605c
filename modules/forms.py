"""Forms of the programme's pages and admin screens: they parse input; the services
check it against the rules."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from modules.models import EducationLevel, EducationRecord, Sex, Skill
from modules.services.certificates import EDUCATION_RECORD_FIELDS, REVOKE_REASON_MAX_LENGTH
from modules.services.finalists import REASON_MAX_LENGTH
from modules.services.submissions import COMMENT_MAX_LENGTH, FEEDBACK_MAX_LENGTH
from modules.validators import snils_validate


class SubmissionForm(forms.Form):
    link = forms.URLField(
        label=_("Ссылка на работу"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Например, на видео во ВКонтакте или RuTube, или на документ в облаке."),
    )
    file = forms.FileField(label=_("Или файл"), required=False)
    comment = forms.CharField(
        label=_("Комментарий (необязательно)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF или изображение JPEG, PNG, WebP, не больше %(size)s.") % {
            "size": filesizeformat(settings.APPLICATION_UPLOAD_MAX_BYTES)
        }


class GradeForm(forms.Form):
    feedback = forms.CharField(
        label=_("Отзыв участнику"),
        required=False,
        max_length=FEEDBACK_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    field_order = ["score", "feedback"]

    def __init__(self, *args, max_score: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"] = forms.IntegerField(
            label=_("Оценка"),
            min_value=0,
            max_value=max_score,
            help_text=_("От 0 до %(max)s.") % {"max": max_score},
        )
        self.order_fields(self.field_order)


class EducationRecordForm(forms.ModelForm):
    # Any spelling is taken; the model keeps the 11 digits clean_snils leaves.
    snils = forms.CharField(
        label=_("СНИЛС"),
        max_length=20,
        help_text=_("11 цифр, например 112-233-445 95."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    consent = forms.BooleanField(
        label=_("Я даю согласие на передачу этих сведений в ФИС ФРДО"),
        required=True,
        error_messages={"required": _("Без согласия сведения нельзя сохранить и передать в реестр.")},
    )

    class Meta:
        model = EducationRecord
        fields = list(EDUCATION_RECORD_FIELDS)
        widgets = {
            "sex": forms.RadioSelect,
            "education_level": forms.RadioSelect,
        }
        help_texts = {
            "diploma_last_name": _("Если фамилия в дипломе другая, чем сейчас."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = Sex.choices
        self.fields["education_level"].choices = EducationLevel.choices

    def clean_snils(self) -> str:
        return snils_validate(self.cleaned_data["snils"])


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Почему вы отказываетесь (необязательно)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PreferencesForm(forms.Form):
    skills = forms.MultipleChoiceField(
        label=_("Чем вы сильны в команде"),
        choices=Skill.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accommodation_needed = forms.TypedChoiceField(
        label=_("Нужно ли вам проживание в «Сенеже»"),
        choices=[("yes", _("Да, нужно")), ("no", _("Нет, не нужно"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Файл CSV"),
        help_text=_(
            "Столбцы email, session (номер занятия), present (1 или 0); разделитель «;» или «,»; "
            "кодировка UTF-8 или Windows-1251."
        ),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина аннулирования"),
        max_length=REVOKE_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )


class FinalistDeclineOnBehalfForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Попадёт в историю финалиста и будет видна ему в личном кабинете."),
    )
