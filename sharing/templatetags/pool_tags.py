"""Template helpers of the equipment pool; the decisions stay in `sharing.access`."""

from django import template

from .. import access

register = template.Library()


@register.filter
def may_view_pool(seat) -> bool:
    return seat is not None and access.may_view_pool(seat)


@register.filter
def kg(value) -> str:
    """A CO2 figure in kg with one decimal, Dutch notation: 1.234,5."""
    if value is None:
        return ""
    text = f"{value:,.1f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


@register.filter
def hours(value) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}".replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
