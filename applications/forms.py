"""The application page's forms: the main fields, the repeated rows (social accounts,
links to content, ideas) and the files. Field checks call ``validators``; whole-
application rules stay in ``rules`` and come back from the services as errors."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications import rules, validators
from applications.models import ApplicantRole, Platform, PortfolioFile
from topblog.i18n import english_active
from topblog.tracks.models import Direction, Region

ACCEPT = ",".join(validators.ACCEPTED_TYPES)


def _with_scheme(url: str) -> str:
    """People type "vk.com/name"; a page address without a scheme means https."""
    url = url.strip()
    if url and "://" not in url:
        return f"https://{url}"
    return url


class ApplicationForm(forms.Form):
    """The single-valued fields of the application, all optional in a draft."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=rules.MAX_VERSION, initial=0
    )
    role = forms.ChoiceField(
        label=_("Кем вы подаёте заявку"),
        choices=ApplicantRole.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    last_name = forms.CharField(
        label=_("Фамилия"), max_length=128, required=False, validators=[validators.name_validate]
    )
    first_name = forms.CharField(
        label=_("Имя"), max_length=128, required=False, validators=[validators.name_validate]
    )
    patronymic = forms.CharField(
        label=_("Отчество"),
        max_length=128,
        required=False,
        help_text=_("Необязательно, если отчества нет."),
        validators=[validators.name_validate],
    )
    birth_date = forms.DateField(
        label=_("Дата рождения"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        validators=[validators.birth_date_validate],
    )
    region = forms.ChoiceField(label=_("Регион"), required=False)
    city = forms.CharField(
        label=_("Населённый пункт"), max_length=128, required=False, validators=[validators.name_validate]
    )
    phone = forms.CharField(
        label=_("Телефон"),
        max_length=32,
        required=False,
        help_text=_("Российский номер, например +7 912 345-67-89."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    rkn_number = forms.CharField(
        label=_("Номер в перечне блогеров Роскомнадзора"),
        max_length=32,
        required=False,
        help_text=_(
            "Необязательно. Укажите, если ваша страница есть в перечне "
            "(он обязателен при аудитории больше 10 000 человек)."
        ),
    )
    ministry_direction = forms.ChoiceField(label=_("Министерство"), required=False)
    department = forms.CharField(label=_("Департамент"), max_length=255, required=False)
    position = forms.CharField(label=_("Должность"), max_length=255, required=False)
    direction_1 = forms.ChoiceField(label=_("Первое по приоритету направление"), required=False)
    direction_2 = forms.ChoiceField(label=_("Второе направление"), required=False)
    direction_3 = forms.ChoiceField(label=_("Третье направление"), required=False)
    motivation = forms.CharField(
        label=_("Почему вы хотите участвовать"),
        max_length=rules.MOTIVATION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    processing_consent = forms.BooleanField(
        label=_("Я даю согласие на обработку моих персональных данных"), required=False
    )
    publication_consent = forms.BooleanField(
        label=_("Я согласен(на) на публикацию моих фамилии, имени, фотографии и ссылок на соцсети"),
        required=False,
        help_text=_("Необязательно: заявка будет рассмотрена и без этого согласия."),
    )

    DIRECTION_FIELDS = ("direction_1", "direction_2", "direction_3")

    def __init__(self, *args, directions: list[Direction], regions: list[Region], **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # Help texts with numbers are worded here, per request: at import time they
        # would be frozen in the language the process started in.
        self.fields["motivation"].help_text = gettext("Не больше %(limit)s знаков.") % {
            "limit": rules.MOTIVATION_MAX_LENGTH
        }
        if english_active():
            # The list is in the database's (Russian) order; an English reader looks for "T" under T.
            regions = sorted(regions, key=lambda region: region.name_i18n)
        self.fields["region"].choices = [("", _("— выберите регион —"))] + [
            (r.code, r.name_i18n) for r in regions
        ]
        self.fields["ministry_direction"].choices = [("", _("— выберите министерство —"))] + [
            (d.code, d.ministry_i18n) for d in directions
        ]
        direction_choices = [("", _("— не выбрано —"))] + [(d.code, str(d)) for d in directions]
        for name in self.DIRECTION_FIELDS:
            self.fields[name].choices = direction_choices

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        return validators.phone_validate(phone) if phone else ""

    def clean(self):
        cleaned = super().clean()
        codes: list[str] = []
        for name in self.DIRECTION_FIELDS:
            code = cleaned.get(name)
            if not code:
                continue
            if code in codes:
                self.add_error(name, _("Это направление уже выбрано выше: выберите другое."))
            else:
                codes.append(code)
        # Ranks follow the order; an empty choice in between is skipped.
        cleaned["direction_codes"] = codes
        return cleaned


class SocialAccountForm(forms.Form):
    platform = forms.ChoiceField(
        label=_("Площадка"), choices=[("", _("— выберите —")), *Platform.choices], required=False
    )
    url = forms.CharField(
        label=_("Ссылка на аккаунт"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"type": "url", "inputmode": "url", "placeholder": "https://"}),
    )
    followers = forms.IntegerField(
        label=_("Подписчиков"),
        required=False,
        validators=[validators.followers_validate],
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": rules.MAX_FOLLOWERS}),
    )

    def clean_url(self) -> str:
        return _with_scheme(self.cleaned_data["url"])

    def clean(self):
        cleaned = super().clean()
        url, platform = cleaned.get("url"), cleaned.get("platform")
        if url and not platform and "url" not in self.errors:
            # The link tells which platform it is; "other" keeps what was typed.
            cleaned["platform"] = rules.platform_detect(url)
        elif url and platform:
            try:
                validators.social_url_validate(url, platform)
            except forms.ValidationError as error:
                self.add_error("url", error)
        return cleaned

    def row(self) -> rules.SocialAccountRow | None:
        data = self.cleaned_data
        if not data or data.get("DELETE") or not (data.get("platform") or data.get("url")):
            return None
        return rules.SocialAccountRow(
            platform=data["platform"] or rules.OTHER_PLATFORM,
            url=data["url"],
            followers=data["followers"] or 0,
        )


class ContentLinkForm(forms.Form):
    url = forms.CharField(
        label=_("Ссылка на публикацию"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"type": "url", "inputmode": "url", "placeholder": "https://"}),
    )

    def clean_url(self) -> str:
        url = _with_scheme(self.cleaned_data["url"])
        if url:
            validators.content_url_validate(url)
        return url

    def row(self) -> str | None:
        data = self.cleaned_data
        return None if not data or data.get("DELETE") or not data.get("url") else data["url"]


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Название идеи"), max_length=rules.IDEA_TITLE_MAX_LENGTH, required=False)
    description = forms.CharField(
        label=_("Описание"),
        max_length=rules.IDEA_DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].help_text = gettext(
            "Что за проект, для кого он и какой результат. Не больше %(limit)s знаков."
        ) % {"limit": rules.IDEA_DESCRIPTION_MAX_LENGTH}

    def row(self) -> rules.IdeaRow | None:
        data = self.cleaned_data
        if (
            not data
            or data.get("DELETE")
            or not (data.get("title", "").strip() or data.get("description", "").strip())
        ):
            return None
        return rules.IdeaRow(title=data["title"].strip(), description=data["description"].strip())


class RowsFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Удалить при сохранении")


def _formset(form, maximum: int):
    # Every row up to the maximum is rendered, so "add another" needs no script:
    # empty rows are simply not saved.
    return forms.formset_factory(
        form,
        formset=RowsFormSet,
        extra=maximum,
        max_num=maximum,
        absolute_max=maximum,
        validate_max=True,
        can_delete=True,
    )


SocialAccountFormSet = _formset(SocialAccountForm, rules.MAX_SOCIAL_ACCOUNTS)
ContentLinkFormSet = _formset(ContentLinkForm, rules.MAX_CONTENT_LINKS)
IdeaFormSet = _formset(IdeaForm, rules.MAX_IDEAS)


class FilesForm(forms.Form):
    """New work files (as many inputs as there is room for), files to remove, and a
    parent's consent. Each upload is checked by content and size before anything is saved."""

    remove_files = forms.MultipleChoiceField(
        label=_("Удалить файлы"), required=False, widget=forms.CheckboxSelectMultiple
    )
    parent_consent = forms.FileField(
        label=_("Согласие родителя или законного представителя"),
        required=False,
        validators=[validators.upload_validate],
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, existing: list[PortfolioFile], **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.existing = existing
        self.work_files = [f for f in existing if f.kind == PortfolioFile.Kind.WORK]
        self.fields["remove_files"].choices = [(str(f.pk), f.original_name) for f in existing]
        self.new_work_names = []
        for n in range(1, rules.MAX_WORK_FILES - len(self.work_files) + 1):
            name = f"work_file_{n}"
            self.fields[name] = forms.FileField(
                label=_("Новый файл с работой %(n)s") % {"n": len(self.work_files) + n},
                required=False,
                validators=[validators.upload_validate],
                widget=forms.FileInput(attrs={"accept": ACCEPT}),
            )
            self.new_work_names.append(name)

    def _rows_of(self, kind: str) -> list:
        widgets = {str(w.data["value"]): w for w in self["remove_files"]}
        return [(f, widgets[str(f.pk)]) for f in self.existing if f.kind == kind]

    @property
    def work_rows(self) -> list:
        """(stored work file, its "remove" checkbox) pairs."""
        return self._rows_of(PortfolioFile.Kind.WORK)

    @property
    def consent_rows(self) -> list:
        return self._rows_of(PortfolioFile.Kind.PARENT_CONSENT)

    @property
    def new_work_fields(self) -> list:
        return [self[name] for name in self.new_work_names]

    @property
    def upload_names(self) -> list[str]:
        return [*self.new_work_names, "parent_consent"]

    def valid_apart_from_uploads(self) -> bool:
        """Valid, or refusing only uploads: a bad file is refused on its own, by name,
        and keeps neither the good files nor the rest of the page from being saved."""
        return self.is_valid() or all(name in self.upload_names for name in self.errors)

    def refused_uploads(self) -> list[str]:
        """Why each refused upload was refused; the messages name the file."""
        return [str(message) for name in self.upload_names for message in self.errors.get(name, [])]

    def uploads(self) -> list[tuple[object, str]]:
        """The chosen files that passed the checks, with their kind."""
        found = [
            (self.cleaned_data[n], PortfolioFile.Kind.WORK)
            for n in self.new_work_names
            if self.cleaned_data.get(n)
        ]
        if self.cleaned_data.get("parent_consent"):
            found.append((self.cleaned_data["parent_consent"], PortfolioFile.Kind.PARENT_CONSENT))
        return found

    def remove_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("remove_files") or []]
