"""Writes to the shared equipment pool and the sections, with their rights checked.

`projects.services` keeps the pool's data consistent (one partnership,
valid periods, no overlap) and knows nothing of who asks: `projects` may not
import `sharing`. These functions are what views call: each asks the access
package whether the actor may do it, raises PermissionDenied when not (views
answer 404), and then calls the `projects` service.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from projects import services as pool_services
from projects.models import Booking, EquipmentItem, PartnershipPage, Party, Section, UsageLog

from .. import access


def _seat(actor, partnership_id: int) -> access.Seat:
    """The actor's seat in the partnership, if it may use the pool at all."""
    partnership = PartnershipPage.objects.get(pk=partnership_id)
    seat = access.seat_for(actor, partnership)
    if seat is None or not access.may_view_pool(seat):
        raise PermissionDenied
    return seat


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def booking_create(
    *,
    item: EquipmentItem,
    party: Party,
    section: Section,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    purpose: str,
    actor,
) -> Booking:
    """Book an item for the actor's own party (`access.may_book_for`).

    A conflict names the other party only to those who may see it.
    """
    seat = _seat(actor, item.partnership_id)
    _require(access.may_book_for(seat, party))
    return pool_services.booking_create(
        item=item,
        party=party,
        section=section,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose,
        actor=actor,
        reveal_party=lambda p: access.may_see_booking_party(seat, p),
    )


@transaction.atomic
def booking_cancel(*, booking: Booking, actor) -> Booking:
    """Cancel a booking: its own party, or the pool manager (`access.may_cancel_booking`)."""
    _require(access.may_cancel_booking(_seat(actor, booking.partnership_id), booking))
    return pool_services.booking_cancel(booking=booking, actor=actor)


@transaction.atomic
def booking_move(*, booking: Booking, item: EquipmentItem, starts_at, ends_at, actor) -> Booking:
    """Move a booking (`access.may_move_booking`); a conflict names the other
    party only to those who may see it."""
    seat = _seat(actor, booking.partnership_id)
    _require(access.may_move_booking(seat, booking))
    return pool_services.booking_move(
        booking=booking,
        item=item,
        starts_at=starts_at,
        ends_at=ends_at,
        actor=actor,
        reveal_party=lambda p: access.may_see_booking_party(seat, p),
    )


@transaction.atomic
def booking_approve(*, booking: Booking, actor) -> Booking:
    """Approve a pending booking: the pool manager (`access.may_manage_pool`)."""
    _require(access.may_manage_pool(_seat(actor, booking.partnership_id)))
    return pool_services.booking_approve(booking=booking, actor=actor)


@transaction.atomic
def usage_log(*, booking: Booking, actor, date: datetime.date, hours, note: str = "") -> UsageLog:
    """Log operating hours: the booking party or the pool manager (`access.may_log_usage`)."""
    _require(access.may_log_usage(_seat(actor, booking.partnership_id), booking))
    return pool_services.usage_log(booking=booking, date=date, hours=hours, note=note, actor=actor)


@transaction.atomic
def equipment_item_create(*, partnership: PartnershipPage, actor, **fields) -> EquipmentItem:
    _require(access.may_manage_pool(_seat(actor, partnership.pk)))
    return pool_services.equipment_item_create(partnership=partnership, actor=actor, **fields)


@transaction.atomic
def equipment_item_update(*, item: EquipmentItem, actor, **fields) -> EquipmentItem:
    _require(access.may_manage_pool(_seat(actor, item.partnership_id)))
    return pool_services.equipment_item_update(item=item, actor=actor, **fields)


@transaction.atomic
def pool_settings_set(*, partnership: PartnershipPage, actor, requires_approval: bool):
    _require(access.may_manage_pool(_seat(actor, partnership.pk)))
    return pool_services.pool_settings_set(
        partnership=partnership, requires_approval=requires_approval
    )


@transaction.atomic
def section_create(*, partnership: PartnershipPage, actor, **fields) -> Section:
    _require(access.may_manage_sections(_seat(actor, partnership.pk)))
    return pool_services.section_create(partnership=partnership, actor=actor, **fields)


@transaction.atomic
def section_update(*, section: Section, actor, **fields) -> Section:
    _require(access.may_manage_sections(_seat(actor, section.partnership_id)))
    return pool_services.section_update(section=section, actor=actor, **fields)
