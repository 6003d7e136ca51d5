"""The one CSV writer: no spreadsheet reads a cell as a formula, whatever its separator."""

import csv
import io

import pytest

from portal import csvexport
from tests.factories import at, build_pool

ATTACK = "Jan;=cmd|' /C calc'!A0;"


def written(rows) -> str:
    out = io.StringIO()
    csvexport.write_rows(out, ["kolom"] * len(rows[0]), rows)
    return out.getvalue()


def test_every_text_cell_is_quoted_so_a_semicolon_never_splits_it():
    text = written([[ATTACK, "gewoon"]])
    line = text.splitlines()[1]
    # Split the way a Dutch Excel does (";" separator, quotes honoured): two cells.
    cells = next(csv.reader([line], delimiter=";"))
    assert len(cells) == 1 or all(not c.startswith(("=", "+", "-", "@")) for c in cells)
    assert line.startswith('"') and line.count('"') >= 4


@pytest.mark.parametrize("separator", [",", ";", "\t", "|"])
def test_no_cell_starts_with_a_formula_character_under_any_separator(separator):
    text = written([[ATTACK, "=1+1", "+31 6 123", "-2", "@SUM(A1)", "a,=b", "x\t=y"]])
    for line in text.splitlines()[1:]:
        # A program that ignores the quotes and splits on this separator.
        for cell in line.replace('"', "").split(separator):
            assert not cell.startswith(("=", "+", "-", "@")), (separator, cell)


def test_numbers_stay_numbers():
    line = written([[3, -2.5, "tekst"]]).splitlines()[1]
    assert line == '3,-2.5,"tekst"'


def test_the_attack_round_trips_as_text_with_a_leading_quote_before_the_formula():
    rows = list(csv.reader(io.StringIO(written([[ATTACK]]))))
    assert rows[1] == ["Jan;'=cmd|' /C calc'!A0;"]


@pytest.mark.django_db
def test_bookings_csv_quotes_a_purpose_with_a_separator_and_formula(ws, client):
    from projects import services

    pool = build_pool(ws)
    services.booking_create(
        item=pool.items["dumper"],
        party=ws.parties["b"],
        section=pool.sections[1],
        starts_at=at("2026-03-03", 7),
        ends_at=at("2026-03-04", 17),
        purpose=ATTACK,
    )
    client.force_login(ws.users["a_member"])
    body = client.get(f"/werkruimte/{ws.partnership.slug}/materieel/boekingen.csv").content
    text = body.decode()
    assert f'"{ATTACK}"' not in text
    assert "Jan;'=cmd" in text
    for line in text.splitlines():
        for cell in line.replace('"', "").split(";"):
            assert not cell.startswith("="), cell
