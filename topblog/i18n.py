"""Reference data in the reader's language.

Regions, directions, venues and consent texts keep their English spelling in a twin
column (``name`` and ``name_en``): they are data organizers edit, not messages a
translator sees. A page asks for the spelling its reader reads through ``Localized``."""

from django.utils.translation import get_language


def english_active() -> bool:
    return (get_language() or "").startswith("en")


class Localized:
    """A read-only attribute that gives ``<field>_en`` while English is active and that
    twin is filled, else ``<field>``: a row nobody has translated yet still reads."""

    def __init__(self, field: str) -> None:
        self.field = field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if english_active():
            english = getattr(instance, f"{self.field}_en", "")
            if english:
                return english
        return getattr(instance, self.field)
