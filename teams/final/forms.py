from django import forms
from django.utils.translation import gettext_lazy as _


class PresentationUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Файл презентации (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class VideoLinkForm(forms.Form):
    video_url = forms.URLField(
        label=_("Ссылка на видео"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Необязательно. Пустое поле убирает ссылку."),
    )
