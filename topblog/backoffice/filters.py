"""List filters for the organizers' lists of thousands of rows."""

import copy

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import get_last_value_from_parameters
from django.contrib.admin.views.main import ERROR_FLAG, PAGE_VAR
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import gettext as _


class _ListedAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete widget (select2 asking the related admin's search as
    one types) over a <select> that lists every choice, so the filter also works
    where the script does not run."""

    def __init__(self, field, admin_site, *, placeholder: str) -> None:
        super().__init__(field, admin_site)
        self.placeholder = placeholder

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        # select2 names its box by what it shows: with nothing chosen, this text.
        attrs["data-placeholder"] = self.placeholder
        return attrs

    def optgroups(self, name, value, attrs=None):
        return forms.Select.optgroups(self, name, value, attrs)


class AutocompleteFilter(admin.RelatedFieldListFilter):
    """A filter by a related object, searched as one types, for relations with too many
    objects for a list of links (89 regions). It keeps the related filter's parameter
    (``region__id__exact``), so every link into the list, and the dashboard's, works.

    The related model's admin must have search_fields; the list's admin must add
    ``AutocompleteFilter.media`` to its own (the widget's script)."""

    template = "admin/filter_autocomplete.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        placeholder = _("%(title)s: все") % {"title": capfirst(self.title)}
        self.widget = _ListedAutocompleteSelect(field, model_admin.admin_site, placeholder=placeholder)
        self.chosen = get_last_value_from_parameters(self.used_parameters, self.lookup_kwarg)

    def field_choices(self, field, request, model_admin):
        # By name, as a person looks for one; str() is the name in the page's language.
        return sorted(super().field_choices(field, request, model_admin), key=lambda choice: str(choice[1]))

    def has_output(self):
        return True

    def choices(self, changelist):
        """One "choice": what the filter's form needs. The other filters, the search
        and the sort go with it as hidden fields; the page number does not."""
        own = {*self.expected_parameters(), PAGE_VAR, ERROR_FLAG}
        self.widget.choices = [("", ""), *self.lookup_choices]
        field_id = f"filter_{self.lookup_kwarg}"
        yield {
            "field_id": field_id,
            "widget": self.widget.render(self.lookup_kwarg, self.chosen, attrs={"id": field_id}),
            "kept": [(name, value) for name, value in changelist.params.items() if name not in own],
            "clear_query_string": changelist.get_query_string(remove=self.expected_parameters()),
            "chosen": self.chosen,
        }

    @classmethod
    def media_for(cls, field, admin_site) -> forms.Media:
        return _ListedAutocompleteSelect(field, admin_site, placeholder="").media


class CountedChoicesFilter(admin.ChoicesFieldListFilter):
    """A filter by a field with choices (the status) that always shows how many rows
    each choice has, within the other filters and the search, from one grouped query;
    the page shows the same counts as a bar above the list (admin/status_counts.html)."""

    template = "admin/filter_counted.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.request = request
        self._counts: dict | None = None

    def counts(self, changelist) -> dict:
        if self._counts is None:
            if self.lookup_val is None and self.lookup_val_isnull is None:
                # Not filtering by this field: the list's own rows are the ones to count.
                rows = changelist.queryset
            else:
                # The list without this filter. Django builds every filter anew for it and
                # keeps them on the changelist it asks, so it asks a copy: the page shows
                # the filters as they were.
                rows = copy.copy(changelist).get_queryset(
                    self.request, exclude_parameters=self.expected_parameters()
                )
            grouped = rows.order_by().values(self.field_path).annotate(rows=Count("pk"))
            self._counts = {row[self.field_path]: row["rows"] for row in grouped}
        return self._counts

    def choices(self, changelist):
        counts = self.counts(changelist)
        yield {
            "selected": self.lookup_val is None,
            "query_string": changelist.get_query_string(remove=self.expected_parameters()),
            "display": _("Все"),
            "count": sum(counts.values()),
        }
        for value, label in self.field.flatchoices:
            yield {
                "selected": self.lookup_val is not None and str(value) in self.lookup_val,
                "query_string": changelist.get_query_string(
                    {self.lookup_kwarg: value}, [self.lookup_kwarg_isnull]
                ),
                "display": label,
                "count": counts.get(value, 0),
            }
