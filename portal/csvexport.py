"""The one CSV writer of every export: no spreadsheet may read a cell as a formula.

Two defences, both needed:

- every text cell is quoted, so a separator inside it (a Dutch Excel splits on
  `;`) never starts a new cell;
- a formula character (`= + - @`, and tab/CR that some programs skip) at the
  start of the text or right after any character a spreadsheet may treat as a
  separator or line break gets a `'` in front, so even a program that splits
  the quoted cell (wrong import settings, another list separator) finds text.

Numbers (int, float, Decimal) are written as numbers, unquoted, so sums still
work; everything else is text.
"""

import csv
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.http import HttpResponse
from django.utils.encoding import force_str

FORMULA_START = re.compile(r"(^|[,;\t\r\n|])([=+\-@\t\r])")


def safe_cell(value):
    """A value as the CSV cell it becomes: a number, or text that is never a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    return FORMULA_START.sub(r"\1'\2", force_str(value))


def writer(stream):
    """A csv.writer that quotes every text cell (write rows of `safe_cell` values)."""
    return csv.writer(stream, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")


def write_rows(stream, header: Iterable, rows: Iterable[Iterable]) -> None:
    out = writer(stream)
    out.writerow([safe_cell(v) for v in header])
    for row in rows:
        out.writerow([safe_cell(v) for v in row])


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """An attachment `filename` holding `header` and `rows`, every cell made safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_rows(response, header, rows)
    return response


class _Echo:
    def write(self, value):
        return value


def stream_rows(header: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
    """The same CSV line by line, for a StreamingHttpResponse."""
    out = writer(_Echo())
    yield out.writerow([safe_cell(v) for v in header])
    for row in rows:
        yield out.writerow([safe_cell(v) for v in row])
