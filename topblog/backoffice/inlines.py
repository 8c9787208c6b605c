"""Inlines a screen reader can fill: every input names its row and its field.

A tabular inline labels its inputs only by column headers, and a date-and-time field
puts two inputs under one label; axe finds both critical. Each input here gets an
``aria-label`` such as «Финал — начало, время» that contains the visible label, as WCAG's
"label in name" asks."""

from django import forms
from django.utils.translation import gettext as _


class LabelledInlineMixin:
    """For an InlineModelAdmin. ``row_label(obj)`` names a stored row (str by default)."""

    def row_label(self, obj) -> str:
        return str(obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        inline = self

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if form.instance.pk:
                    row = inline.row_label(form.instance)
                else:
                    row = _("Новая строка %(number)s") % {"number": (index or 0) + 1}
                label_inputs(form, row)

        return LabelledFormSet


def label_inputs(form: forms.Form, row: str) -> None:
    """Give every visible input of ``form`` an aria-label naming ``row`` and its field;
    each part of a date-and-time field says which part it is."""
    for name, field in form.fields.items():
        if field.widget.is_hidden:
            continue
        label = f"{row} — {(field.label or name).lower()}"
        if name == "DELETE":
            label = _("%(row)s — удалить") % {"row": row}
        widget = field.widget
        if isinstance(widget, forms.SplitDateTimeWidget):
            date, time = widget.widgets
            date.attrs["aria-label"] = _("%(field)s, дата") % {"field": label}
            time.attrs["aria-label"] = _("%(field)s, время") % {"field": label}
        else:
            widget.attrs["aria-label"] = label
