"""Model names in the case an admin sentence needs.

Django's admin builds "Добавить %s", "Выберите %s для изменения" and "%(count)s %(name)s"
from verbose names, which are in the nominative: «Добавить рассылка», «5101 заявки». The
Russian forms live in locale/ru (msgctxt "accusative" for the object of a verb, the
three plural forms for counts); English finds no such entries and keeps its own."""

from django.contrib.admin.utils import model_ngettext
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext, pgettext

# Django's titles that name the model as an object: their msgids, with %s for the name.
OBJECT_TITLES = ("Add %s", "Change %s", "View %s", "Select %s to change", "Select %s to view", "Select %s")


def accusative(opts) -> str:
    """«заявку», «пользователя»: the model's name as the object of a verb."""
    return pgettext("accusative", str(opts.verbose_name))


def counted(opts, count: int) -> str:
    """«5 101 заявка», «2 сообщения»: a count with the name agreeing with it. A name a
    library capitalized («Токен») is lowered after the number; an abbreviation is not."""
    name = model_ngettext(opts, count)
    if name[:2].istitle():
        name = name[0].lower() + name[1:]
    return f"{intcomma(count)} {name}"


def title_declined(title: str, opts) -> str:
    """One of Django's titles naming the model as an object (OBJECT_TITLES), with the
    name in the accusative; any other title as it is."""
    name = str(opts.verbose_name)
    for msgid in OBJECT_TITLES:
        if title == gettext(msgid) % name:
            return gettext(msgid) % accusative(opts)
    return title
