"""Every write to the sections and the shared equipment pool.

Who may call what is not decided here: `sharing.services.pool` asks the
access package and then calls these functions (`projects` does not import
`sharing`). They keep the data consistent: everything touched belongs to one
partnership, periods are half-open and positive, and no two pending or
approved bookings of one item overlap.

That last rule holds under concurrency. On PostgreSQL the exclusion
constraint `booking_no_overlap` (migration 0004) refuses the second of two
racing inserts; on SQLite every transaction starts with BEGIN IMMEDIATE (see
`portal.settings.base`), so check and insert run one writer at a time.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.dispatch import Signal
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from ..models import (
    Booking,
    CalendarFeed,
    EquipmentItem,
    PartnershipPage,
    Party,
    PoolSettings,
    Section,
    UsageLog,
    UsageLogRevision,
)

EXCLUSION_CONSTRAINT = "booking_no_overlap"

# Sent (inside the transaction) when an available item goes into maintenance or
# out of use while it still has bookings ahead; `sharing` connects a receiver
# that notifies the booking parties after commit. kwargs: item, bookings, actor.
item_unavailable = Signal()


class BookingConflict(ValidationError):
    """The period overlaps a pending or approved booking of the same item."""

    def __init__(self, message, conflict: Booking | None):
        super().__init__({"starts_at": [message]})
        self.conflict = conflict


def _same_partnership(partnership_id: int, *objects) -> None:
    for obj in objects:
        if obj is not None and obj.partnership_id != partnership_id:
            raise ValidationError(_("Dit hoort niet bij dit partnerschap."))


# --------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------

_SECTION_FIELDS = ("number", "name", "start_km", "end_km", "contractor", "status")


def _section_validate(section: Section) -> None:
    errors = {}
    if not (section.name or "").strip():
        errors["name"] = _("Geef het deeltraject een naam.")
    if section.start_km is None or section.end_km is None:
        errors["end_km"] = _("Geef de begin- en eindkilometer.")
    elif section.start_km < 0:
        errors["start_km"] = _("Een kilometer kan niet negatief zijn.")
    elif section.end_km <= section.start_km:
        errors["end_km"] = _("De eindkilometer moet na de beginkilometer liggen.")
    if section.status not in Section.Status.values:
        errors["status"] = _("Kies een geldige status.")
    if section.contractor is not None:
        _same_partnership(section.partnership_id, section.contractor)
        if section.contractor.role != Party.Role.CONTRACTOR:
            errors["contractor"] = _("Alleen een opdrachtnemer kan een deeltraject realiseren.")
    clash = Section.objects.filter(partnership_id=section.partnership_id, number=section.number)
    if section.pk:
        clash = clash.exclude(pk=section.pk)
    if clash.exists():
        errors["number"] = _("Er is al een deeltraject met dit nummer.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def section_create(*, partnership: PartnershipPage, actor=None, **fields) -> Section:
    section = Section(partnership=partnership, **{k: fields.get(k) for k in _SECTION_FIELDS})
    section.status = section.status or Section.Status.DESIGN
    _section_validate(section)
    section.save()
    log(section, "partnerwerk.section.add", user=actor, partnership=partnership)
    return section


@transaction.atomic
def section_update(*, section: Section, actor=None, **fields) -> Section:
    for key in _SECTION_FIELDS:
        if key in fields:
            setattr(section, key, fields[key])
    _section_validate(section)
    section.save()
    log(section, "partnerwerk.section.change", user=actor, partnership=section.partnership)
    return section


# --------------------------------------------------------------------------
# Equipment items
# --------------------------------------------------------------------------

_ITEM_FIELDS = (
    "name",
    "category",
    "make",
    "model_name",
    "emission_class",
    "power_kw",
    "energy_per_hour",
    "co2_kg_per_hour",
    "baseline_co2_kg_per_hour",
    "contributed_by",
    "status",
    "current_section",
    "photo",
)


def _item_validate(item: EquipmentItem) -> None:
    errors = {}
    if not (item.name or "").strip():
        errors["name"] = _("Geef het materieel een naam.")
    if item.category not in EquipmentItem.Category.values:
        errors["category"] = _("Kies een geldige categorie.")
    if item.emission_class not in EquipmentItem.EmissionClass.values:
        errors["emission_class"] = _("Kies een geldige emissieklasse.")
    if item.status not in EquipmentItem.Status.values:
        errors["status"] = _("Kies een geldige status.")
    for field in ("co2_kg_per_hour", "baseline_co2_kg_per_hour", "power_kw"):
        value = getattr(item, field)
        if value is not None and value < 0:
            errors[field] = _("Deze waarde kan niet negatief zijn.")
    if item.baseline_co2_kg_per_hour is None:
        errors["baseline_co2_kg_per_hour"] = _("Geef de CO2 per uur van de dieselmachine.")
    if item.contributed_by_id is None:
        errors["contributed_by"] = _("Kies de partij die het materieel inbrengt.")
    if errors:
        raise ValidationError(errors)
    item.clean()  # the model's rule: emission-free items emit nothing directly
    _same_partnership(item.partnership_id, item.contributed_by, item.current_section)


@transaction.atomic
def equipment_item_create(*, partnership: PartnershipPage, actor=None, **fields) -> EquipmentItem:
    values = {k: fields[k] for k in _ITEM_FIELDS if k in fields and fields[k] is not None}
    item = EquipmentItem(partnership=partnership, **values)
    item.co2_kg_per_hour = item.co2_kg_per_hour or Decimal(0)
    _item_validate(item)
    item.save()
    log(item, "partnerwerk.equipment.add", user=actor, partnership=partnership)
    return item


@transaction.atomic
def equipment_item_update(*, item: EquipmentItem, actor=None, **fields) -> EquipmentItem:
    """Change an item. Putting it into maintenance (or out of use) leaves its
    future bookings in place but tells their parties (see `affected_bookings`
    and the `item_unavailable` signal), who move or cancel them."""
    was = EquipmentItem.objects.filter(pk=item.pk).values_list("status", flat=True).first()
    for key in _ITEM_FIELDS:
        if key in fields:
            if key == "photo" and not fields[key]:
                continue  # no new photo: keep the old one
            setattr(item, key, fields[key])
    _item_validate(item)
    item.save()
    log(item, "partnerwerk.equipment.change", user=actor, partnership=item.partnership)
    if was == EquipmentItem.Status.AVAILABLE and item.status != was:
        bookings = list(affected_bookings(item=item))
        if bookings:
            item_unavailable.send(sender=EquipmentItem, item=item, bookings=bookings, actor=actor)
    return item


def affected_bookings(*, item: EquipmentItem):
    """Pending or approved bookings of the item that have not ended yet."""
    return (
        Booking.objects.blocking()
        .filter(item=item, ends_at__gt=timezone.now())
        .select_related("party__organisation", "section")
        .order_by("starts_at")
    )


def bookings_hit(*, item: EquipmentItem):
    """The bookings an item out of service hits (`affected_bookings`); none
    while it is available. What the item page lists and the save counts."""
    if item.status == EquipmentItem.Status.AVAILABLE:
        return Booking.objects.none()
    return affected_bookings(item=item)


@transaction.atomic
def pool_settings_set(*, partnership: PartnershipPage, requires_approval: bool) -> PoolSettings:
    settings, _created = PoolSettings.objects.update_or_create(
        partnership=partnership, defaults={"requires_approval": requires_approval}
    )
    return settings


def pool_requires_approval(partnership: PartnershipPage) -> bool:
    return PoolSettings.objects.filter(partnership=partnership, requires_approval=True).exists()


# --------------------------------------------------------------------------
# Bookings
# --------------------------------------------------------------------------


def _local(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "j F Y H:i")


def period_label(starts_at: datetime.datetime, ends_at: datetime.datetime) -> str:
    return _("%(start)s tot %(end)s") % {"start": _local(starts_at), "end": _local(ends_at)}


def _conflict(booking: Booking | None, reveal_party: Callable[[Party], bool]) -> BookingConflict:
    if booking is None:
        return BookingConflict(_("Dit materieel is in deze periode al geboekt."), None)
    if reveal_party(booking.party):
        message = _(
            "Dit materieel is al geboekt van %(period)s door %(party)s. Kies een andere periode "
            "of ander materieel."
        ) % {
            "period": period_label(booking.starts_at, booking.ends_at),
            "party": booking.party.organisation.name,
        }
    else:
        message = _(
            "Dit materieel is al geboekt van %(period)s. "
            "Kies een andere periode of ander materieel."
        ) % {"period": period_label(booking.starts_at, booking.ends_at)}
    return BookingConflict(message, booking)


def _first_overlap(item: EquipmentItem, starts_at, ends_at, exclude=None) -> Booking | None:
    bookings = Booking.objects.blocking().overlapping(starts_at, ends_at).filter(item=item)
    if exclude is not None:
        bookings = bookings.exclude(pk=exclude.pk)
    return bookings.select_related("party__organisation").order_by("starts_at").first()


def _require_free(item: EquipmentItem, starts_at, ends_at, reveal_party, exclude=None) -> None:
    """The one rule for a new or moved booking: an available item, free then."""
    if item.status != EquipmentItem.Status.AVAILABLE:
        raise ValidationError(
            {
                "item": _("Dit materieel is nu niet te boeken: %(status)s.")
                % {"status": item.get_status_display().lower()}
            }
        )
    existing = _first_overlap(item, starts_at, ends_at, exclude=exclude)
    if existing is not None:
        raise _conflict(existing, reveal_party)


def _validate_period(starts_at, ends_at) -> None:
    if not isinstance(starts_at, datetime.datetime) or not isinstance(ends_at, datetime.datetime):
        raise ValidationError({"starts_at": _("Geef een begin en een einde.")})
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValidationError({"starts_at": _("Geef een begin en een einde met tijdzone.")})
    if ends_at == starts_at:
        raise ValidationError({"ends_at": _("Een boeking moet langer duren dan nul minuten.")})
    if ends_at < starts_at:
        raise ValidationError({"ends_at": _("Het einde moet na het begin liggen.")})


def _is_exclusion_violation(exc: IntegrityError) -> bool:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) == "23P01" or EXCLUSION_CONSTRAINT in str(exc)


@transaction.atomic
def booking_create(
    *,
    item: EquipmentItem,
    party: Party,
    section: Section,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    purpose: str,
    actor=None,
    reveal_party: Callable[[Party], bool] = lambda party: False,
) -> Booking:
    """Book an item for a party. Precondition: `sharing.access.may_book_for` said yes.

    `reveal_party` says whether a conflict message may name the other party
    (the caller asks the access module); by default it does not.
    Raises `BookingConflict` (a ValidationError) when the period is taken.
    """
    _validate_period(starts_at, ends_at)
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": _("Geef het doel van de boeking.")})
    _same_partnership(item.partnership_id, party, section)
    _require_free(item, starts_at, ends_at, reveal_party)
    booking = Booking(
        partnership_id=item.partnership_id,
        item=item,
        party=party,
        section=section,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose[:200],
        status=(
            Booking.Status.PENDING
            if pool_requires_approval(item.partnership)
            else Booking.Status.APPROVED
        ),
        created_by=actor,
    )
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:
        # A racing booking won on PostgreSQL; it has committed, so we can name it.
        if not _is_exclusion_violation(exc):
            raise
        raise _conflict(_first_overlap(item, starts_at, ends_at), reveal_party) from exc
    _log_booking(booking, "partnerwerk.booking.add", actor)
    return booking


@transaction.atomic
def booking_move(
    *,
    booking: Booking,
    item: EquipmentItem,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    actor=None,
    reveal_party: Callable[[Party], bool] = lambda party: False,
) -> Booking:
    """Move a booking to another period or another item (say, when its item went
    into maintenance). Precondition: `sharing.access.may_move_booking` said yes.

    Held to the rules of a new booking: a free period on an available item of
    the same pool. Where the pool manager approves bookings, a moved booking
    waits for approval again. One with hours written on it stays where it is.
    """
    booking = Booking.objects.select_for_update().select_related("item").get(pk=booking.pk)
    if not booking.is_movable:
        raise ValidationError(
            _("Alleen een lopende of komende boeking die niet is geannuleerd kan verschuiven.")
        )
    if booking.usage.exists():
        raise ValidationError(
            _(
                "Op deze boeking zijn al draaiuren geschreven, dus ze blijft staan. "
                "Boek voor de rest een nieuwe periode."
            )
        )
    _validate_period(starts_at, ends_at)
    if item.partnership_id != booking.partnership_id:
        raise ValidationError({"item": _("Dit materieel hoort niet bij deze pool.")})
    _require_free(item, starts_at, ends_at, reveal_party, exclude=booking)
    before = {"item": booking.item.name, "period": period_label(booking.starts_at, booking.ends_at)}
    booking.item, booking.starts_at, booking.ends_at = item, starts_at, ends_at
    if pool_requires_approval(item.partnership):
        booking.status, booking.decided_by = Booking.Status.PENDING, None
    try:
        with transaction.atomic():
            booking.save(update_fields=["item", "starts_at", "ends_at", "status", "decided_by"])
    except IntegrityError as exc:
        if not _is_exclusion_violation(exc):
            raise
        raise _conflict(
            _first_overlap(item, starts_at, ends_at, exclude=booking), reveal_party
        ) from exc
    log(
        booking,
        "partnerwerk.booking.move",
        user=actor,
        partnership=booking.partnership,
        data={
            "item": item.name,
            "party": booking.party.organisation.name,
            "period": period_label(starts_at, ends_at),
            "status": booking.status,
            "before": before,
        },
    )
    return booking


def _log_booking(booking: Booking, action: str, actor) -> None:
    log(
        booking,
        action,
        user=actor,
        partnership=booking.partnership,
        data={
            "item": booking.item.name,
            "party": booking.party.organisation.name,
            "period": period_label(booking.starts_at, booking.ends_at),
            "status": booking.status,
        },
    )


@transaction.atomic
def booking_approve(*, booking: Booking, actor=None) -> Booking:
    """Approve a pending booking. Precondition: the actor manages the pool."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status != Booking.Status.PENDING:
        raise ValidationError(
            _("Alleen een boeking die op goedkeuring wacht kan worden goedgekeurd.")
        )
    booking.status = Booking.Status.APPROVED
    booking.decided_by = actor
    booking.save(update_fields=["status", "decided_by"])
    _log_booking(booking, "partnerwerk.booking.approve", actor)
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, actor=None) -> Booking:
    """Cancel a booking; the item is free again for that period. Nothing is deleted."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status == Booking.Status.CANCELLED:
        raise ValidationError(_("Deze boeking is al geannuleerd."))
    booking.status = Booking.Status.CANCELLED
    booking.decided_by = actor
    booking.save(update_fields=["status", "decided_by"])
    _log_booking(booking, "partnerwerk.booking.cancel", actor)
    return booking


# --------------------------------------------------------------------------
# Usage
# --------------------------------------------------------------------------


MAX_HOURS_PER_DAY = Decimal(24)


def _usage_validate(*, booking: Booking, date, hours, exclude_pk=None) -> Decimal:
    """Check one day's hours under a booking; returns the hours, rounded.

    Precondition: the item row is locked (select_for_update), so two entries
    for the same machine and day cannot both pass the daily sum.
    """
    try:
        hours = Decimal(str(hours)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ValidationError({"hours": _("Geef het aantal draaiuren als getal.")}) from exc
    if hours <= 0:
        raise ValidationError({"hours": _("Het aantal draaiuren moet groter zijn dan nul.")})
    if hours > MAX_HOURS_PER_DAY:
        raise ValidationError({"hours": _("Een dag heeft hoogstens 24 draaiuren.")})
    if not isinstance(date, datetime.date):
        raise ValidationError({"date": _("Geef een geldige datum.")})
    if date > timezone.localdate():
        raise ValidationError(
            {"date": _("Draaiuren schrijft u achteraf: deze datum ligt in de toekomst.")}
        )
    if booking.status == Booking.Status.CANCELLED:
        raise ValidationError(_("Op een geannuleerde boeking kunnen geen uren worden geschreven."))
    first = timezone.localtime(booking.starts_at).date()
    last = timezone.localtime(booking.ends_at - datetime.timedelta(microseconds=1)).date()
    if not first <= date <= last:
        raise ValidationError(
            {
                "date": _("De datum moet binnen de boeking vallen (%(first)s tot en met %(last)s).")
                % {"first": date_format(first, "j F Y"), "last": date_format(last, "j F Y")}
            }
        )
    # One machine runs at most 24 hours a day, whoever wrote the hours.
    logged = (
        UsageLog.objects.filter(item_id=booking.item_id, date=date)
        .exclude(pk=exclude_pk)
        .aggregate(total=Sum("hours"))["total"]
    ) or Decimal(0)
    if logged + hours > MAX_HOURS_PER_DAY:
        raise ValidationError(
            {
                "hours": _(
                    "Op %(date)s staan voor dit materieel al %(logged)s draaiuren; "
                    "samen kan het hoogstens 24 uur per dag zijn (nog %(left)s uur)."
                )
                % {
                    "date": date_format(date, "j F Y"),
                    "logged": logged.normalize(),
                    "left": (MAX_HOURS_PER_DAY - logged).normalize(),
                }
            }
        )
    return hours


def _factor(value, hours) -> Decimal:
    return (Decimal(value) / Decimal(hours)) if hours else Decimal(0)


def _log_usage(usage: UsageLog, action: str, actor, **data) -> None:
    log(
        usage.booking,
        action,
        user=actor,
        partnership=usage.booking.partnership,
        data={
            "item": usage.item.name,
            "party": usage.party.organisation.name,
            "date": usage.date.isoformat(),
            "hours": str(usage.hours),
            **data,
        },
    )


@transaction.atomic
def usage_log(
    *, booking: Booking, date: datetime.date, hours, note: str = "", actor=None
) -> UsageLog:
    """Log operating hours under a booking; CO2 follows from the item's factors now.

    Raises ValidationError for a date in the future or outside the booking, and
    when the machine's hours on that day would pass 24 across all entries.
    """
    item = EquipmentItem.objects.select_for_update().get(pk=booking.item_id)
    hours = _usage_validate(booking=booking, date=date, hours=hours)
    co2_per_hour = Decimal(0) if item.is_zero_emission else item.co2_kg_per_hour
    usage = UsageLog.objects.create(
        booking=booking,
        partnership_id=booking.partnership_id,
        item=item,
        party_id=booking.party_id,
        section_id=booking.section_id,
        date=date,
        hours=hours,
        co2_kg=hours * co2_per_hour,
        baseline_co2_kg=hours * item.baseline_co2_kg_per_hour,
        note=(note or "").strip()[:200],
        logged_by=actor,
    )
    _log_usage(usage, "partnerwerk.usage.add", actor)
    return usage


def _keep_revision(usage: UsageLog, action: str, actor) -> None:
    UsageLogRevision.objects.create(
        usage=usage if action == UsageLogRevision.Action.CHANGED else None,
        booking_id=usage.booking_id,
        action=action,
        date=usage.date,
        hours=usage.hours,
        co2_kg=usage.co2_kg,
        note=usage.note,
        changed_by=actor,
    )


@transaction.atomic
def usage_update(
    *, usage: UsageLog, date: datetime.date, hours, note: str = "", actor=None
) -> UsageLog:
    """Correct a usage row; the old figures go to its history and CO2 is recomputed
    with the factors the row was written with. Precondition: the actor may change it."""
    EquipmentItem.objects.select_for_update().get(pk=usage.item_id)
    usage = UsageLog.objects.select_for_update().select_related("booking", "item").get(pk=usage.pk)
    hours = _usage_validate(booking=usage.booking, date=date, hours=hours, exclude_pk=usage.pk)
    co2_per_hour = _factor(usage.co2_kg, usage.hours)
    baseline_per_hour = _factor(usage.baseline_co2_kg, usage.hours)
    before = f"{usage.date.isoformat()} {usage.hours}"
    _keep_revision(usage, UsageLogRevision.Action.CHANGED, actor)
    usage.date = date
    usage.hours = hours
    usage.co2_kg = (hours * co2_per_hour).quantize(Decimal("0.001"))
    usage.baseline_co2_kg = (hours * baseline_per_hour).quantize(Decimal("0.001"))
    usage.note = (note or "").strip()[:200]
    usage.save(update_fields=["date", "hours", "co2_kg", "baseline_co2_kg", "note"])
    _log_usage(usage, "partnerwerk.usage.change", actor, before=before)
    return usage


@transaction.atomic
def usage_remove(*, usage: UsageLog, actor=None) -> None:
    """Remove a usage row; what it said stays in the history and the Logboek."""
    usage = UsageLog.objects.select_for_update().select_related("booking", "item").get(pk=usage.pk)
    _keep_revision(usage, UsageLogRevision.Action.REMOVED, actor)
    _log_usage(usage, "partnerwerk.usage.remove", actor)
    usage.delete()


# --------------------------------------------------------------------------
# Calendar feeds
# --------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_renew(*, user, partnership: PartnershipPage) -> CalendarFeed:
    """A new secret for the user's feeds; the old URLs stop working at once."""
    CalendarFeed.objects.filter(user=user, partnership=partnership).delete()
    return CalendarFeed.objects.create(user=user, partnership=partnership)


@transaction.atomic
def calendar_feed_revoke(*, user, partnership: PartnershipPage) -> None:
    CalendarFeed.objects.filter(user=user, partnership=partnership).delete()
