"""Geometry for the server-rendered SVGs: the route, the planning and the CO2 bars.

The templates draw what these functions compute; every SVG has a table beside
it with the same figures, for screen readers and for copying.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from projects.charts import PALETTE, UNASSIGNED, RouteBar, party_colours, route  # noqa: F401


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


STATUS_COLOURS = {
    "planned": "#9AA0A6",
    "running": "#0072B2",
    "assessment": "#D55E00",
    "closed": "#009E73",
}


def phase_timeline(phases, today, width=960, label_width=230, row=30) -> dict:
    """Bars of phases from their (actual, else planned) start to end, with a line for today."""
    phases = list(phases)
    spans = []
    for p in phases:
        start = p.actual_start or p.planned_start
        end = p.actual_end or p.planned_end or start
        spans.append((p, start, end))
    days = [d for _p, s, e in spans for d in (s, e) if d]
    if not days:
        return {"bars": [], "rows": [], "grid": [], "width": width, "height": 40}
    first, last = min(days), max(days + [first_day_after(days)])
    total = max((last - first).days, 1)
    inner = width - label_width - 10

    def x(day):
        return round(label_width + (day - first).days / total * inner, 1)

    bars, rows = [], []
    for i, (p, start, end) in enumerate(spans):
        y = 30 + i * row
        rows.append({"phase": p, "y": y})
        if start:
            bars.append(
                {
                    "phase": p,
                    "x": x(start),
                    "y": y + 4,
                    "width": max(x(end or start) - x(start), 4),
                    "colour": STATUS_COLOURS.get(p.status, UNASSIGNED),
                }
            )
    grid = []
    year = first.year
    # Half-yearly lines up to four years, yearly beyond, so labels never collide.
    months = (1, 7) if total <= 4 * 365 else (1,)
    while datetime.date(year, 1, 1) <= last:
        for month in months:
            day = datetime.date(year, month, 1)
            if first <= day <= last:
                grid.append({"x": x(day), "label": day})
        year += 1
    return {
        "bars": bars,
        "rows": rows,
        "grid": grid,
        "today": x(today) if first <= today <= last else None,
        "width": width,
        "height": 40 + len(phases) * row,
        "label_width": label_width,
    }


def first_day_after(days) -> datetime.date:
    return max(days) + datetime.timedelta(days=1)
