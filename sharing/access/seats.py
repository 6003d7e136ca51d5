"""Workspace rules: what follows from a person's seat in a partnership.

Who may enter a workspace, manage parties and members, read the audit log,
create items, moderate messages, see release requests and visitors.
"""

from dataclasses import dataclass

from django.http import Http404

from projects.models import Membership, PartnershipPage, Party


@dataclass(frozen=True)
class Seat:
    """A user's place in one partnership, as the access rules need it."""

    membership: Membership

    @property
    def party(self) -> Party:
        return self.membership.party

    @property
    def is_lead(self) -> bool:
        return self.membership.is_lead

    @property
    def is_active(self) -> bool:
        return self.party.is_active

    @property
    def is_client(self) -> bool:
        return self.party.is_client and self.is_active

    @property
    def is_client_lead(self) -> bool:
        return self.is_client and self.is_lead


def seat_for(user, partnership: PartnershipPage) -> Seat | None:
    if not user.is_authenticated or not user.is_active:
        return None
    membership = (
        Membership.objects.select_related("party__organisation", "party__group")
        .filter(user=user, partnership=partnership)
        .first()
    )
    return Seat(membership) if membership else None


def workspace_for_user(user, slug: str) -> tuple[PartnershipPage, Seat]:
    """The partnership and the user's seat in it; 404 for non-members and unknown slugs."""
    partnership = (
        PartnershipPage.objects.filter(slug=slug).select_related("client_organisation").first()
    )
    seat = seat_for(user, partnership) if partnership else None
    if seat is None:
        raise Http404
    return partnership, seat


def workspaces_for_user(user):
    if not user.is_authenticated:
        return PartnershipPage.objects.none()
    return PartnershipPage.objects.filter(memberships__user=user).order_by("title")


def may_manage_parties(seat: Seat) -> bool:
    """Add parties, change their role, mark them dropped out: client leads."""
    return seat.is_client_lead


def may_manage_members(seat: Seat, party: Party) -> bool:
    """Client leads manage every party's members; other leads their own party's."""
    if seat.is_client_lead:
        return True
    return seat.is_active and seat.is_lead and seat.party.pk == party.pk


def may_view_audit(seat: Seat) -> bool:
    return seat.is_client_lead


def may_create_items(seat: Seat) -> bool:
    """Upload or post: active parties except advisors (who read and comment)."""
    return seat.is_active and seat.party.role != Party.Role.ADVISOR


def may_create_with_owner(seat: Seat, owner_party: Party) -> bool:
    """Items are created for one's own party only."""
    return may_create_items(seat) and owner_party.pk == seat.party.pk


def may_moderate_messages(seat: Seat) -> bool:
    """Client leads may remove any message in their workspace (soft delete)."""
    return seat.is_client_lead


def may_view_release_requests(seat: Seat) -> bool:
    return seat.is_active or seat.is_lead


def may_view_visit_registrations(seat: Seat) -> bool:
    """Who registered for the partnership's visits: the client parties, and contractor leads.

    Names and e-mail addresses of visitors are personal data of outsiders:
    the organising client sees them, and each active contractor's lead (who
    hosts part of the visit); not every contractor member, nor advisors.
    """
    if seat.is_client:
        return True
    return seat.is_active and seat.is_lead and seat.party.role == Party.Role.CONTRACTOR
