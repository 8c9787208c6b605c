"""The application page's forms as one editor: built from the stored draft, bound to
what the applicant typed, turned into an ``ApplicationDraft`` for the services, and
given back the services' errors next to the fields they concern."""

from dataclasses import asdict

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from applications.drafts import ApplicationDraft, draft_from_application
from applications.forms import (
    ApplicationForm,
    ContentLinkFormSet,
    FilesForm,
    IdeaFormSet,
    SocialAccountFormSet,
)
from applications.models import Application
from topblog.error_summary import form_error_summary

# Where an error the services report about a field or section is shown.
MAIN_FIELD_OF = {"directions": "direction_1"}
FORMSET_OF = {"social_accounts": "social", "content_links": "links", "ideas": "ideas"}
ROWS_OF = {formset: rows for rows, formset in FORMSET_OF.items()}
FILES_FIELD_OF = {"files": None, "parent_consent": "parent_consent"}


def _main_initial(draft: ApplicationDraft, version: int) -> dict:
    initial = {
        "version": version,
        "role": draft.role,
        "last_name": draft.last_name,
        "first_name": draft.first_name,
        "patronymic": draft.patronymic,
        "birth_date": draft.birth_date,
        "region": draft.region_code,
        "city": draft.city,
        "phone": draft.phone,
        "rkn_number": draft.rkn_number,
        "ministry_direction": draft.ministry_direction_code,
        "department": draft.department,
        "position": draft.position,
        "motivation": draft.motivation,
        "processing_consent": draft.processing_consent_ticked,
        "publication_consent": draft.publication_consent_ticked,
    }
    for name, code in zip(ApplicationForm.DIRECTION_FIELDS, draft.direction_codes, strict=False):
        initial[name] = code
    return initial


class ApplicationEditor:
    """All the forms of the application page. ``application`` is None before the
    person saved anything; its children must be prefetched (selectors.application_of)."""

    def __init__(self, *, application: Application | None, directions, regions, data=None, files=None):
        draft = draft_from_application(application) if application else ApplicationDraft()
        version = application.version if application else 0
        self.main = ApplicationForm(
            data, initial=_main_initial(draft, version), directions=directions, regions=regions
        )
        # Bound, the posted rows are the truth: the stored rows as initial would make a
        # posted row equal to them look "unchanged" and be skipped.
        bound = data is not None
        self.social = SocialAccountFormSet(
            data, initial=None if bound else [asdict(r) for r in draft.social_accounts], prefix="social"
        )
        self.links = ContentLinkFormSet(
            data, initial=None if bound else [{"url": url} for url in draft.content_links], prefix="links"
        )
        self.ideas = IdeaFormSet(
            data, initial=None if bound else [asdict(idea) for idea in draft.ideas], prefix="ideas"
        )
        existing = list(application.files.all()) if application else []
        self.files = FilesForm(data, files, existing=existing, prefix="files")
        self.formsets = {"social": self.social, "links": self.links, "ideas": self.ideas}

    @property
    def parts(self):
        return [self.main, self.social, self.links, self.ideas, self.files]

    def is_valid(self) -> bool:
        """Whether the page may be saved: every part valid, except that refused uploads
        (refused_uploads) do not hold back the rest."""
        texts = [self.main, self.social, self.links, self.ideas]
        return all([part.is_valid() for part in texts]) and self.files.valid_apart_from_uploads()

    def refused_uploads(self) -> list[str]:
        return self.files.refused_uploads()

    def error_fields(self) -> set[str]:
        """The fields and rows with an error on the page, named as form_sections names them."""
        fields = {name for name in self.main.errors if name != NON_FIELD_ERRORS}
        for key, formset in self.formsets.items():
            if formset.non_form_errors() or any(form.errors for form in formset.forms):
                fields.add(ROWS_OF[key])
        for name in self.files.errors:
            fields.add("parent_consent" if name == "parent_consent" else "files")
        return fields

    @property
    def version(self) -> int:
        return self.main.cleaned_data.get("version") or 0

    def draft(self) -> ApplicationDraft:
        data = self.main.cleaned_data
        return ApplicationDraft(
            role=data["role"],
            last_name=data["last_name"].strip(),
            first_name=data["first_name"].strip(),
            patronymic=data["patronymic"].strip(),
            birth_date=data["birth_date"],
            region_code=data["region"],
            city=data["city"].strip(),
            phone=data["phone"],
            rkn_number=data["rkn_number"].strip(),
            ministry_direction_code=data["ministry_direction"],
            department=data["department"].strip(),
            position=data["position"].strip(),
            motivation=data["motivation"].strip(),
            processing_consent_ticked=data["processing_consent"],
            publication_consent_ticked=data["publication_consent"],
            direction_codes=data["direction_codes"],
            social_accounts=self._rows(self.social),
            content_links=self._rows(self.links),
            ideas=self._rows(self.ideas),
        )

    @staticmethod
    def _rows(formset) -> list:
        return [row for form in formset.forms if (row := form.row()) is not None]

    def uploads(self):
        return self.files.uploads()

    def remove_file_ids(self) -> list[int]:
        return self.files.remove_ids()

    def add_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError (keyed by field or not) next to its field."""
        if not hasattr(error, "error_dict"):
            self.main.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            if field in FORMSET_OF:
                self.formsets[FORMSET_OF[field]].non_form_errors().extend(ValidationError(errors).messages)
            elif field in FILES_FIELD_OF:
                self.files.add_error(FILES_FIELD_OF[field], errors)
            else:
                field = MAIN_FIELD_OF.get(field, field)
                self.main.add_error(field if field in self.main.fields else None, errors)

    def add_error(self, field: str | None, message: str) -> None:
        self.add_errors(ValidationError({field or NON_FIELD_ERRORS: [message]}))

    def error_summary(self) -> list[tuple[str, str]]:
        """Every error on the page as (link to the field, text), in the page's order."""
        items = form_error_summary(self.main, section="#application-form")
        sections = [
            ("social", self.social, _("Аккаунт")),
            ("links", self.links, _("Ссылка")),
            ("files", None, ""),
            ("ideas", self.ideas, _("Идея")),
        ]
        for key, formset, row_label in sections:
            if formset is None:
                items += form_error_summary(self.files, section="#section-files")
                continue
            items += [(f"#section-{key}", str(message)) for message in formset.non_form_errors()]
            for number, form in enumerate(formset.forms, start=1):
                items += [
                    (href, f"{row_label} {number} — {text}")
                    for href, text in form_error_summary(form, section=f"#section-{key}")
                ]
        return items
