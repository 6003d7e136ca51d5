"""Template helpers of the equipment pool; the decisions stay in `sharing.access`."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

from .. import access

register = template.Library()


@register.filter
def may_view_pool(seat) -> bool:
    return seat is not None and access.may_view_pool(seat)


def _localized(value, places: int) -> str:
    # Django's number_format cuts off extra decimals; round half up first.
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def kg(value) -> str:
    """A CO2 figure in kg with one decimal, grouped in the reader's notation (1.234,5)."""
    if value is None:
        return ""
    return _localized(value, 1)


@register.filter
def hours(value) -> str:
    """Hours with two decimals, grouped in the reader's notation."""
    if value is None:
        return ""
    return _localized(value, 2)
