"""Reads of the sections and the equipment pool.

The pool is shared by the whole partnership: whether a user may read it at
all is decided by `sharing.access` before these are called. Each function
runs a fixed number of queries, whatever the number of bookings.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import (
    Booking,
    EquipmentItem,
    PartnershipPage,
    Party,
    Section,
    UsageLog,
    UsageLogRevision,
)


def section_list(*, partnership: PartnershipPage):
    return Section.objects.filter(partnership=partnership).select_related(
        "contractor__organisation"
    )


def section_get(*, partnership: PartnershipPage, pk) -> Section:
    return get_object_or_404(section_list(partnership=partnership), pk=pk)


def item_list(*, partnership: PartnershipPage):
    return EquipmentItem.objects.filter(partnership=partnership).select_related(
        "contributed_by__organisation", "current_section"
    )


def item_get(*, partnership: PartnershipPage, pk) -> EquipmentItem:
    return get_object_or_404(item_list(partnership=partnership), pk=pk)


def booking_list(*, partnership: PartnershipPage):
    return (
        Booking.objects.filter(partnership=partnership)
        .select_related("item", "party__organisation", "section")
        .order_by("starts_at", "pk")
    )


def booking_get(*, partnership: PartnershipPage, pk) -> Booking:
    return get_object_or_404(booking_list(partnership=partnership), pk=pk)


def bookings_for_item(*, item: EquipmentItem):
    """The item's bookings, newest period first (paginate them)."""
    return (
        Booking.objects.filter(item=item)
        .select_related("party__organisation", "section")
        .annotate(hours=Coalesce(Sum("usage__hours"), Value(Decimal(0))))
        .order_by("-starts_at", "-pk")
    )


def bookings_in_period(*, partnership: PartnershipPage, start, end, party: Party | None = None):
    """Pending and approved bookings that meet [start, end): the planning's bars."""
    qs = (
        Booking.objects.blocking()
        .overlapping(start, end)
        .filter(partnership=partnership)
        .select_related("item", "party__organisation", "section")
        .order_by("item__name", "item_id", "starts_at")
    )
    if party is not None:
        qs = qs.filter(party=party)
    return qs


def parties_in_pool(*, partnership: PartnershipPage):
    return Party.objects.filter(partnership=partnership).select_related("organisation")


# --------------------------------------------------------------------------
# Usage and CO2
# --------------------------------------------------------------------------

_ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=3))


@dataclass
class Co2Row:
    key: object
    label: str
    hours: Decimal
    co2_kg: Decimal
    baseline_co2_kg: Decimal
    rows: int
    query: str = ""

    @property
    def avoided_kg(self) -> Decimal:
        return self.baseline_co2_kg - self.co2_kg


@dataclass
class Co2Summary:
    total: Co2Row
    by_item: list[Co2Row] = field(default_factory=list)
    by_section: list[Co2Row] = field(default_factory=list)
    by_party: list[Co2Row] = field(default_factory=list)
    by_month: list[Co2Row] = field(default_factory=list)


def usage_get(*, partnership: PartnershipPage, pk) -> UsageLog:
    """One usage row of the partnership; 404 otherwise."""
    return get_object_or_404(
        UsageLog.objects.select_related("item", "party__organisation", "section", "booking"),
        partnership=partnership,
        pk=pk,
    )


def usage_history(*, usage: UsageLog):
    """What a usage row said before each correction, oldest first."""
    return UsageLogRevision.objects.filter(usage=usage).select_related("changed_by")


def usage_rows(*, partnership: PartnershipPage, item=None, section=None, party=None, month=None):
    """Usage rows, narrowed by any of item, section, party and month (a date in it)."""
    qs = UsageLog.objects.filter(partnership=partnership).select_related(
        "item", "party__organisation", "section", "booking"
    )
    if item is not None:
        qs = qs.filter(item=item)
    if section is not None:
        qs = qs.filter(section=section)
    if party is not None:
        qs = qs.filter(party=party)
    if month is not None:
        first = month.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        qs = qs.filter(date__gte=first, date__lt=following)
    return qs.order_by("date", "pk")


def _sums(qs):
    return qs.annotate(
        sum_hours=Coalesce(Sum("hours"), _ZERO),
        sum_co2=Coalesce(Sum("co2_kg"), _ZERO),
        sum_baseline=Coalesce(Sum("baseline_co2_kg"), _ZERO),
        n=Count("pk"),
    )


def co2_summary(*, partnership: PartnershipPage) -> Co2Summary:
    """Hours, CO2 emitted and the diesel baseline per item, section, party and month.

    Every figure is a plain sum over UsageLog rows; `query` on each row is the
    filter of the usage list that shows exactly those rows. Five queries.
    """
    base = UsageLog.objects.filter(partnership=partnership)
    totals = base.aggregate(
        hours=Coalesce(Sum("hours"), _ZERO),
        co2=Coalesce(Sum("co2_kg"), _ZERO),
        baseline=Coalesce(Sum("baseline_co2_kg"), _ZERO),
        n=Count("pk"),
    )
    summary = Co2Summary(
        total=Co2Row(None, "", totals["hours"], totals["co2"], totals["baseline"], totals["n"], "")
    )

    def rows(values, label, key, param):
        qs = _sums(base.values(*values).order_by()).order_by(*values)
        return [
            Co2Row(
                r[key],
                label(r),
                r["sum_hours"],
                r["sum_co2"],
                r["sum_baseline"],
                r["n"],
                f"{param}={r[key]}",
            )
            for r in qs
        ]

    summary.by_item = rows(["item_id", "item__name"], lambda r: r["item__name"], "item_id", "item")
    summary.by_section = rows(
        ["section__number", "section_id", "section__name"],
        lambda r: f"{r['section__number']}. {r['section__name']}",
        "section_id",
        "section",
    )
    summary.by_party = rows(
        ["party__organisation__name", "party_id"],
        lambda r: r["party__organisation__name"],
        "party_id",
        "party",
    )
    months = _sums(base.annotate(month=TruncMonth("date")).values("month").order_by()).order_by(
        "month"
    )
    summary.by_month = [
        Co2Row(
            r["month"],
            r["month"].strftime("%Y-%m"),
            r["sum_hours"],
            r["sum_co2"],
            r["sum_baseline"],
            r["n"],
            f"month={r['month']:%Y-%m}",
        )
        for r in months
    ]
    return summary


def planning_window(kind: str, anchor: datetime.date):
    """The [start, end) of a week (from Monday), month or quarter around a date, local time."""
    if kind == "month":
        first = anchor.replace(day=1)
        last = (first + datetime.timedelta(days=32)).replace(day=1)
    elif kind == "quarter":
        first = anchor.replace(month=(anchor.month - 1) // 3 * 3 + 1, day=1)
        last = first
        for _ in range(3):
            last = (last + datetime.timedelta(days=32)).replace(day=1)
    else:
        first = anchor - datetime.timedelta(days=anchor.weekday())
        last = first + datetime.timedelta(days=7)
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(first, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(last, datetime.time.min, tzinfo=tz),
    )


def blocking_count(*, partnership: PartnershipPage) -> int:
    return Booking.objects.blocking().filter(partnership=partnership).count()
