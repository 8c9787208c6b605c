"""The list of a form's errors that a page shows above it, each linking to its field,
so a person who cannot see the whole page (a phone, a screen reader) starts from it."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import Form


def form_error_summary(form: Form, *, section: str | None = None) -> list[tuple[str, str]]:
    """(link, text) for every error of a bound ``form`` in its fields' order: "Label:
    message" (a checkbox's message alone) linking to the field; an error of the whole form
    links to ``section``, or to the form's first field when no section is given."""
    if not form.is_bound or not form.errors:
        return []
    visible = [field for field in form if not field.is_hidden]
    whole_form_link = section or (_anchor(visible[0]) if visible else "#main")
    items = [(whole_form_link, str(message)) for message in form.errors.get(NON_FIELD_ERRORS, [])]
    for field in form:
        # A checkbox's label is a whole sentence of consent; its message says what is missing.
        label = "" if field.widget_type == "checkbox" else f"{field.label}: "
        items += [(_anchor(field), f"{label}{message}") for message in field.errors]
    return items


def _anchor(field) -> str:
    # A group of radios labels no single input: the link goes to the group.
    return f"#{field.id_for_label or field.auto_id}"
