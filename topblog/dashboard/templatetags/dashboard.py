from django import template
from django.utils.html import format_html

from topblog.dashboard.figures import CountShare, Share
from topblog.dashboard.funnel import number, percent
from topblog.dashboard.selectors import viewer_of

register = template.Library()


@register.filter
def dashboard_cell(cell) -> str:
    """A table's cell as the page writes it: grouped digits, one decimal, percentages,
    a count with its share in brackets, a dash for nothing."""
    if cell is None:
        return "—"
    if isinstance(cell, CountShare):
        if cell.share is None:
            return number(cell.count)
        return format_html('{}<span class="share"> ({})</span>', number(cell.count), percent(cell.share))
    if isinstance(cell, Share):
        return percent(cell.value)
    if isinstance(cell, int):
        return number(cell)
    if isinstance(cell, float):
        return number(cell, 1)
    return cell


@register.filter
def is_number(cell) -> bool:
    return cell is None or isinstance(cell, int | float | Share | CountShare)


@register.filter
def dashboard_audience(user) -> str:
    """Whose version of the dashboard the person sees ("organizers", "leadership",
    "curator"), or "" for none: the links to it show only to those it opens for."""
    viewer = viewer_of(user)
    return str(viewer.audience) if viewer is not None else ""
