"""Export rules: who may take which data out of a workspace.

* A party's lead exports everything its party owns (also after the party
  dropped out: leaving a partnership is when one needs one's data).
* A client lead exports the partnership's full record for the archive:
  every item the client may view (shared and confidential items of every
  party, never another party's internal items), and the whole pool.
* What goes into an export is narrowed by `items.visible` for the requester
  at the moment it is built, so an export holds exactly what its requester
  may view, and a party export nothing another party owns.
* Only the requester fetches the file, while the seat still allows it.
"""

from django.db import models

from .items import visible
from .seats import Seat


def may_export_party(seat: Seat) -> bool:
    return seat.is_lead


def may_export_partnership(seat: Seat) -> bool:
    return seat.is_client_lead


def may_request_export(seat: Seat, scope: str) -> bool:
    if scope == "partnership":
        return may_export_partnership(seat)
    return scope == "party" and may_export_party(seat)


def export_items(user, export, queryset: models.QuerySet) -> models.QuerySet:
    """The scoped items of `queryset` that belong in `export`, for its requester."""
    queryset = visible(user, queryset.filter(partnership_id=export.partnership_id))
    if export.scope == "party":
        queryset = queryset.filter(owner_party_id=export.party_id)
    return queryset


def export_pool_filter(export) -> dict:
    """Lookups for the bookings and usage that belong in `export`."""
    lookups = {"partnership_id": export.partnership_id}
    if export.scope == "party":
        lookups["party_id"] = export.party_id
    return lookups


def may_download_export(user, seat: Seat | None, export) -> bool:
    if seat is None or export.requested_by_id != user.pk:
        return False
    return may_request_export(seat, export.scope) and seat.party.pk == export.party_id
