"""Geometry of the route diagram: sections along the kilometres of the work.

Shared by the workspace (trajecten/) and the partnership's public profile;
the template `projects/_route.html` draws it, with a table beside it.
"""

from dataclasses import dataclass

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
