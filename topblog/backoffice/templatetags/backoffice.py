from django import template

from topblog.backoffice import grammar
from topblog.backoffice.filters import CountedChoicesFilter

register = template.Library()


@register.simple_tag
def model_accusative(opts) -> str:
    return grammar.accusative(opts)


@register.simple_tag
def model_counted(opts, count: int) -> str:
    return grammar.counted(opts, count)


@register.simple_tag(takes_context=True)
def page_title(context) -> str:
    """The page's title, its model's name declined where Django's sentence needs it."""
    title = str(context.get("title") or "")
    opts = context.get("opts") or getattr(context.get("cl"), "opts", None)
    return grammar.title_declined(title, opts) if opts is not None and title else title


@register.inclusion_tag("admin/status_counts.html")
def counts_bar(cl) -> dict:
    """The list's CountedChoicesFilter (the status) as a bar of counts above the list;
    nothing when the list has none. Its counts are the ones the filter already read."""
    spec = next((spec for spec in cl.filter_specs if isinstance(spec, CountedChoicesFilter)), None)
    if spec is None:
        return {"choices": []}
    return {"title": spec.title, "choices": list(spec.choices(cl))}
