"""CO2 figures: hand-computed totals for a small fixture match the page and the CSV."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from projects import services
from tests.factories import at, build_pool

pytestmark = pytest.mark.django_db


@pytest.fixture
def usage(ws):
    """Factors (kg CO2/h, emitted / diesel): excavator 0/40, crane 0/55.5, dumper 12.25/30."""
    pool = build_pool(ws)

    def booking(item, party, section, start, end):
        return services.booking_create(
            item=pool.items[item],
            party=ws.parties[party],
            section=pool.sections[section],
            starts_at=at(start, 7),
            ends_at=at(end, 17),
            purpose="x",
        )

    exc = booking("excavator", "a", 0, "2026-02-23", "2026-03-03")
    crane = booking("crane", "b", 1, "2026-03-02", "2026-03-04")
    dumper = booking("dumper", "b", 1, "2026-03-30", "2026-04-02")
    d = datetime.date
    services.usage_log(booking=exc, date=d(2026, 2, 24), hours="8")  # 0 / 320
    services.usage_log(booking=exc, date=d(2026, 3, 2), hours="4.5")  # 0 / 180
    services.usage_log(booking=crane, date=d(2026, 3, 3), hours="6")  # 0 / 333
    services.usage_log(booking=dumper, date=d(2026, 3, 31), hours="2")  # 24.5 / 60
    services.usage_log(booking=dumper, date=d(2026, 4, 1), hours="7.5")  # 91.875 / 225
    return pool


# Worked out by hand from the factors above.
EXPECTED = {
    "total": (Decimal("28"), Decimal("116.375"), Decimal("1118")),
    "E-graver 1": (Decimal("12.5"), Decimal("0"), Decimal("500")),
    "H2-kraan": (Decimal("6"), Decimal("0"), Decimal("333")),
    "HVO-dumper": (Decimal("9.5"), Decimal("116.375"), Decimal("285")),
    "Aannemer A": (Decimal("12.5"), Decimal("0"), Decimal("500")),
    "Aannemer B": (Decimal("15.5"), Decimal("116.375"), Decimal("618")),
    "1. Vak 1": (Decimal("12.5"), Decimal("0"), Decimal("500")),
    "2. Vak 2": (Decimal("15.5"), Decimal("116.375"), Decimal("618")),
    "2026-02": (Decimal("8"), Decimal("0"), Decimal("320")),
    "2026-03": (Decimal("12.5"), Decimal("24.5"), Decimal("573")),
    "2026-04": (Decimal("7.5"), Decimal("91.875"), Decimal("225")),
}


def test_co2_summary_matches_hand_computed_totals(ws, client, usage):
    client.force_login(ws.users["a_member"])
    response = client.get(f"/werkruimte/{ws.partnership.slug}/materieel/duurzaamheid/")
    summary = response.context["summary"]
    total = summary.total
    assert (total.hours, total.co2_kg, total.baseline_co2_kg) == EXPECTED["total"]
    assert total.avoided_kg == Decimal("1001.625")
    for group in (summary.by_item, summary.by_party, summary.by_section, summary.by_month):
        for row in group:
            assert (row.hours, row.co2_kg, row.baseline_co2_kg) == EXPECTED[row.label], row.label
    text = response.content.decode()
    # Dutch notation on the page: 1.118,0 kg with diesel, 1.001,6 kg avoided.
    assert "1.118,0 kg" in text
    assert "116,4 kg" in text
    assert "1.001,6 kg" in text


def test_co2_csv_matches_hand_computed_totals(ws, client, usage):
    client.force_login(ws.users["b_lead"])
    response = client.get(f"/werkruimte/{ws.partnership.slug}/materieel/duurzaamheid/?export=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:6] == [
        "Indeling",
        "Groep",
        "Draaiuren",
        "CO2 uitgestoten (kg)",
        "CO2 diesel (kg)",
        "CO2 vermeden (kg)",
    ]
    seen = set()
    for kind, label, hours, co2, baseline, avoided, _n in rows[1:]:
        key = "total" if kind == "Totaal" else label
        assert (Decimal(hours), Decimal(co2), Decimal(baseline)) == EXPECTED[key], key
        assert Decimal(avoided) == Decimal(baseline) - Decimal(co2)
        seen.add(key)
    assert seen == set(EXPECTED)


def test_every_figure_traces_to_its_usage_rows(ws, client, usage):
    client.force_login(ws.users["a_member"])
    base = f"/werkruimte/{ws.partnership.slug}/materieel/"
    summary = client.get(base + "duurzaamheid/").context["summary"]
    for row in summary.by_item + summary.by_section + summary.by_party + summary.by_month:
        page = client.get(base + "gebruik/?" + row.query).context["page"]
        rows = list(page.object_list)
        assert len(rows) == row.rows
        assert sum(r.hours for r in rows) == row.hours
        assert sum(r.co2_kg for r in rows) == row.co2_kg
