"""Geometry for the server-rendered SVGs: the route, the planning and the CO2 bars.

The templates draw what these functions compute; every SVG has a table beside
it with the same figures, for screen readers and for copying.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

# Colour-blind-safe palette (Okabe–Ito), dark enough for white labels.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8A6D00", "#56B4E9", "#444444"]
UNASSIGNED = "#9AA0A6"


def party_colours(parties) -> dict[int, str]:
    """A stable colour per party, in the order of their ids."""
    return {
        p.pk: PALETTE[i % len(PALETTE)] for i, p in enumerate(sorted(parties, key=lambda p: p.pk))
    }


@dataclass
class RouteBar:
    section: object
    x: float
    width: float
    colour: str


def route(sections, colours, width=960) -> dict:
    """Sections laid out along the route from its first to its last kilometre."""
    sections = list(sections)
    if not sections:
        return {"bars": [], "ticks": [], "width": width}
    first = min(s.start_km for s in sections)
    last = max(s.end_km for s in sections)
    span = float(last - first) or 1.0
    inner = width - 40

    def x(km):
        return 20 + float(km - first) / span * inner

    bars = [
        RouteBar(
            s,
            x(s.start_km),
            max(x(s.end_km) - x(s.start_km), 1),
            colours.get(s.contractor_id, UNASSIGNED),
        )
        for s in sections
    ]
    step = 1 if span <= 12 else 5 if span <= 60 else 10
    start_tick = int(first) - int(first) % step
    ticks = [
        {"km": km, "x": x(km)}
        for km in range(start_tick, int(last) + 1, step)
        if first <= km <= last
    ]
    return {"bars": bars, "ticks": ticks, "width": width, "first": first, "last": last}


def planning(items, bookings, start, end, colours, width=960, label_width=180, row=28) -> dict:
    """Bars of bookings per item over [start, end), clipped to the window."""
    items = list(items)
    seconds = (end - start).total_seconds()
    inner = width - label_width - 10
    rows = {item.pk: i for i, item in enumerate(items)}
    bars = []
    for b in bookings:
        if b.item_id not in rows:
            continue
        s, e = max(b.starts_at, start), min(b.ends_at, end)
        x = label_width + (s - start).total_seconds() / seconds * inner
        w = max((e - s).total_seconds() / seconds * inner, 2)
        bars.append(
            {
                "booking": b,
                "x": round(x, 1),
                "y": 30 + rows[b.item_id] * row + 4,
                "width": round(w, 1),
                "colour": colours.get(b.party_id, UNASSIGNED),
                "pending": b.status == "pending",
            }
        )
    days = (end - start).days
    tz = timezone.get_current_timezone()
    grid = []
    # A line a day for a week; a line a Monday for a month or a quarter.
    step = 1 if days <= 7 else 7
    day = start.astimezone(tz).date()
    if step == 7:
        day += datetime.timedelta(days=-day.weekday() % 7)
    last = end.astimezone(tz).date()
    while day < last:
        moment = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
        x = label_width + (moment - start).total_seconds() / seconds * inner
        grid.append({"x": round(x, 1), "label": day})
        day += datetime.timedelta(days=step)
    return {
        "rows": [{"item": item, "y": 30 + i * row} for i, item in enumerate(items)],
        "bars": bars,
        "grid": grid,
        "width": width,
        "height": 40 + len(items) * row,
        "label_width": label_width,
        "row": row,
    }


def co2_bars(rows, width=960, label_width=220, row=34) -> dict:
    """Pairs of bars per row: the diesel baseline and what was emitted."""
    rows = list(rows)
    top = max([r.baseline_co2_kg for r in rows] + [r.co2_kg for r in rows] + [Decimal(1)])
    inner = width - label_width - 90
    bars = []
    for i, r in enumerate(rows):
        y = 10 + i * row
        bars.append(
            {
                "row": r,
                "y": y,
                "baseline": round(float(r.baseline_co2_kg / top) * inner, 1),
                "emitted": round(float(r.co2_kg / top) * inner, 1),
            }
        )
    return {
        "bars": bars,
        "width": width,
        "label_width": label_width,
        "height": 20 + len(rows) * row,
    }
