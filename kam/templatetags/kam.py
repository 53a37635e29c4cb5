"""Display of figures: one place decides how a percent, a ratio or an amount looks."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

register = template.Library()
DASH = "—"


def rounded(value, places):
    """Round half up to ``places`` (number_format alone would cut digits off)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-int(places)), ROUND_HALF_UP)


@register.filter
def percent(value, places=1):
    """12.345 → "12.3%"; None → "—"."""
    if value is None or value == "":
        return DASH
    return f"{number_format(rounded(value, places), int(places))}%"


@register.filter
def decimal(value, places=2):
    if value is None or value == "":
        return DASH
    return number_format(rounded(value, places), int(places), force_grouping=True)


@register.filter
def days(value):
    if value is None or value == "":
        return DASH
    return _("%(days)s days") % {
        "days": number_format(rounded(value, 1), 1, force_grouping=True)
    }


# One rule for every amount shown: in yuan (the unit of every amount box), whole and
# grouped. A figure on its own carries its unit ("1,234,567 yuan" / "1,234,567 元");
# in a table the column header carries it ("Our sales (yuan)" / "我方销售额（元）")
# and the cells only the number.


@register.filter
def amount(value):
    """The number of an amount in yuan, whole, grouped: 1,234,567 (its column
    header says the unit, see ``in_yuan``)."""
    if value is None or value == "":
        return DASH
    return number_format(rounded(value, 0), 0, force_grouping=True)


@register.filter
def money(value):
    """An amount on its own, with its unit: "1,234,567 yuan" / "1,234,567 元"."""
    if value is None or value == "":
        return DASH
    return pgettext("amount with its unit", "%(amount)s yuan") % {
        "amount": amount(value)
    }


@register.filter
def in_yuan(label):
    """A column header or chart title with the unit of its amounts:
    "Our sales (yuan)" / "我方销售额（元）"."""
    return pgettext("header with the unit of its amounts", "%(label)s (yuan)") % {
        "label": label
    }


@register.filter
def dash(value):
    return DASH if value in (None, "") else value


@register.simple_tag
def page_range(page):
    """Page numbers around the current page, with ellipses."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


@register.simple_tag(takes_context=True)
def page_query(context, number, param="page"):
    """The page's query string with ``param`` set to page ``number``: two lists on
    one page each keep their own page in the address."""
    query = context.request.GET.copy()
    query[param or "page"] = number
    return f"?{query.urlencode()}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def kam_bucket(value):
    """A percentage rounded to a multiple of 5, for the width classes kam-w-0 … kam-w-100
    (the pages carry no inline styles, so a strict CSP can forbid them)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    return int(min(100, max(0, round(number / 5) * 5)))


@register.filter
def get_item_at(sequence, index):
    """``items|get_item_at:"2"`` — the item at a position given as text."""
    return sequence[int(index)]


@register.filter
def duration(minutes):
    """Time spent: 90 → "1 h 30 min"; nothing → "—"."""
    if not minutes:
        return DASH
    whole, rest = divmod(int(minutes), 60)
    if not whole:
        return _("%(minutes)s min") % {"minutes": rest}
    if not rest:
        return _("%(hours)s h") % {"hours": whole}
    return _("%(hours)s h %(minutes)s min") % {"hours": whole, "minutes": rest}


@register.filter
def distance(metres):
    """A distance on the ground: 850 → "850 m", 3240 → "3.2 km"; nothing → "—"."""
    if metres is None or metres == "":
        return DASH
    metres = int(metres)
    if metres < 1000:
        return _("%(metres)s m") % {"metres": metres}
    return _("%(km)s km") % {"km": number_format(rounded(metres / 1000, 1), 1)}


@register.filter
def cell(value):
    """A table cell: numbers grouped, amounts whole, dates ISO, the rest as is."""
    if isinstance(value, bool) or value in (None, ""):
        return value
    if isinstance(value, Decimal):
        return number_format(
            rounded(value, 0 if abs(value) >= 100 else 1),
            0 if abs(value) >= 100 else 1,
            force_grouping=True,
        )
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@register.filter
def align(value):
    """The class that aligns a table cell: numbers to the right, and numbers and
    dates kept on one line."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int | float | Decimal):
        return "text-end text-nowrap"
    return "text-nowrap" if hasattr(value, "isoformat") else ""


@register.inclusion_tag("includes/row_actions.html", takes_context=True)
def row_actions(context, delete_url, confirm, *, edit_url="", what="", label=None):
    """Edit and delete for a row of a list: the delete button asks ``confirm``
    first and is named for screen readers by ``label`` and ``what``."""
    return {
        "csrf_token": context.get("csrf_token"),
        "edit_url": edit_url,
        "delete_url": delete_url,
        "confirm": confirm,
        "what": what,
        "delete_label": label or _("Delete"),
    }
