"""Pool and section rules.

The equipment pool and the sections are shared by the whole partnership:
they follow from the seat alone, not from per-item permissions.
"""

from projects.models import Party

from .seats import Seat, may_create_items


def may_view_pool(seat: Seat) -> bool:
    """The pool, its bookings, the planning and the sections: every active party."""
    return seat.is_active


def may_manage_pool(seat: Seat) -> bool:
    """Add and change items, approve bookings, cancel anyone's: the pool manager (client leads)."""
    return seat.is_client_lead


def may_manage_sections(seat: Seat) -> bool:
    """Add and change sections, assign contractors: client leads."""
    return seat.is_client_lead


def may_book_for(seat: Seat, party: Party) -> bool:
    """Book pool equipment: active non-advisor parties, for their own party only."""
    return may_create_items(seat) and party.pk == seat.party.pk and party.is_active


def may_cancel_booking(seat: Seat, booking) -> bool:
    """Anyone may cancel their own party's bookings; the pool manager any booking."""
    if may_manage_pool(seat):
        return True
    return seat.is_active and booking.party_id == seat.party.pk


def may_move_booking(seat: Seat, booking) -> bool:
    """Move a booking to another period or item: whoever may cancel it."""
    return may_cancel_booking(seat, booking)


def may_log_usage(seat: Seat, booking) -> bool:
    """Operating hours are logged by the booking party (or the pool manager)."""
    return may_cancel_booking(seat, booking)


def may_see_booking_party(seat: Seat, party: Party) -> bool:
    """Who booked is shared with every active party; otherwise only one's own bookings."""
    return seat.is_active or party.pk == seat.party.pk
