"""iCalendar for a visit, attached to the confirmation e-mail.

Like the pool feeds in `sharing.views.feeds`, this uses the `icalendar`
library, which escapes text values, folds long lines and writes CRLF.
"""

import datetime

import icalendar

from django.utils import timezone
from django.utils.html import strip_tags

PRODID = "-//Partnerwerk//kijkje in de keuken//NL"


def _utc(value: datetime.datetime) -> datetime.datetime:
    # Written as UTC ("...Z"), so no VTIMEZONE block is needed.
    return value.astimezone(datetime.UTC)


def registration_uid(registration) -> str:
    """Stable per registration, so a later e-mail updates the same appointment."""
    return f"kijkje-{registration.visit_id}-{registration.pk}@partnerwerk"


def visit_calendar(*, registration, visit_url: str) -> bytes:
    """A one-event calendar (METHOD:PUBLISH) for the registration's visit.

    Without a known end time the event has no DTEND (a point in time). The
    cancel link stays out of it: calendars are often shared with colleagues,
    and that link is the visitor's key.
    """
    visit = registration.visit
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", registration_uid(registration))
    event.add("dtstamp", _utc(timezone.now()))
    event.add("dtstart", _utc(visit.starts_at))
    if visit.ends_at:
        event.add("dtend", _utc(visit.ends_at))
    event.add("summary", visit.title)
    event.add("location", visit.place)
    programme = strip_tags(visit.programme.replace("</li>", "</li>\n")).strip()
    description = "\n\n".join(part for part in (visit.summary, programme, visit_url) if part)
    event.add("description", description)
    event.add("url", visit_url)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    calendar.add_component(event)
    return calendar.to_ical()
