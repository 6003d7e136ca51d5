"""The range of dates the pool works with.

Python's dates end at 9999-12-31 and begin at 0001-01-01, so a filter that adds
a day, a week or a quarter to a date typed into a URL overflows at the edges
(a 500). Every date that comes from a request is checked against this range
first and answered with a form error otherwise.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST_DATE = datetime.date(1900, 1, 1)
LAST_DATE = datetime.date(2999, 12, 31)
OUT_OF_RANGE = _("Kies een datum tussen 1900 en 2999.")


def in_supported_range(value: datetime.date) -> bool:
    return FIRST_DATE <= value <= LAST_DATE


def validate_supported_date(value: datetime.date | None) -> None:
    """Form-field validator: a date the pool's calendar arithmetic can handle."""
    if value is not None and not in_supported_range(value):
        raise ValidationError(OUT_OF_RANGE, code="out_of_range")
