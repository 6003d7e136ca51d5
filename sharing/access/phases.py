"""Phase rules: who sees and does what in the life of a partnership.

Phases and the targets for all contractors are the partnership's common
frame: every member sees them. What concerns one contractor — a target set
for it alone, its assessments (with their evidence), its go/no-go decision,
its instalments, its purchase decision and result rights — stays between
that contractor and the client (article 31(6)): client parties see every
contractor's, a contractor its own only (also after it dropped out, as with
its own items), advisors none. Hidden rows are filtered out of the queryset
before anything is listed, counted, exported or sent, and a detail of
someone else's answers 404.

The client leads run the phases: they record targets and assessments,
decide go/no-go, approve instalments and decide the purchase. With four eyes
another client lead confirms a decision.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from projects import phase_selectors
from projects.models import Membership, Party

from ..models.documents import Document
from .items import visible
from .seats import Seat


def sees_every_contractor(seat: Seat) -> bool:
    """Active client parties (lead or member) see the results of every contractor."""
    return seat.is_client


def may_view_phases(seat: Seat) -> bool:
    """The phases page itself: every member, also of a party that dropped out."""
    return seat is not None


def may_manage_phases(seat: Seat) -> bool:
    """Adjust the plan, targets, levels, rights; start and close phases: client leads."""
    return seat.is_client_lead


def may_assess(seat: Seat) -> bool:
    return seat.is_client_lead


def may_decide(seat: Seat) -> bool:
    """Go/no-go per contractor at the end of a phase: client leads."""
    return seat.is_client_lead


def may_confirm_decision(seat: Seat, decision) -> bool:
    """Four eyes: another client lead than the one who decided."""
    return (
        seat.is_client_lead
        and decision.status == decision.Status.AWAITING
        and decision.decided_by_id != seat.membership.user_id
    )


def may_advance_instalment(seat: Seat, instalment) -> bool:
    """Mark due, approve and mark paid: client leads."""
    return seat.is_client_lead and instalment.status != instalment.Status.PAID


def _own_rows(seat: Seat, qs: QuerySet, field: str = "party") -> QuerySet:
    if sees_every_contractor(seat):
        return qs
    if seat.party.role != Party.Role.CONTRACTOR:
        return qs.none()
    return qs.filter(**{field: seat.party.pk})


def visible_targets(seat: Seat, qs: QuerySet) -> QuerySet:
    """Targets for all contractors, and those set for the reader's own party."""
    if sees_every_contractor(seat):
        return qs
    return qs.filter(Q(contractor__isnull=True) | Q(contractor=seat.party))


def visible_assessments(seat: Seat, qs: QuerySet) -> QuerySet:
    return _own_rows(seat, qs)


def visible_decisions(seat: Seat, qs: QuerySet) -> QuerySet:
    return _own_rows(seat, qs)


def visible_instalments(seat: Seat, qs: QuerySet) -> QuerySet:
    return _own_rows(seat, qs)


def visible_purchase_decisions(seat: Seat, qs: QuerySet) -> QuerySet:
    return _own_rows(seat, qs)


def visible_rights(seat: Seat, qs: QuerySet) -> QuerySet:
    return _own_rows(seat, qs)


def visible_contractors(seat: Seat, partnership) -> QuerySet:
    """The contractors whose results the reader may see (columns of the tables, filters)."""
    return _own_rows(seat, phase_selectors.contractors(partnership=partnership), "pk")


def row_for_seat(seat: Seat, qs: QuerySet, pk):
    """One assessment, decision or instalment, or 404 when missing or not the reader's."""
    obj = _own_rows(seat, qs).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def evidence_documents(user, seat: Seat, partnership, assessment_party: Party, ids):
    """The evidence documents the reader may follow, among those an assessment names.

    Evidence stays between that contractor and the client: only documents
    owned by that contractor or a client party count, and of those only the
    ones the reader may view.
    """
    ids = [int(i) for i in ids or ()]
    if not ids:
        return Document.objects.none()
    return visible(
        user,
        Document.objects.filter(partnership=partnership, pk__in=ids).filter(
            Q(owner_party=assessment_party) | Q(owner_party__role__in=Party.CLIENT_ROLES)
        ),
    )


def evidence_choices(user, partnership, party: Party):
    """Documents an assessor may cite as evidence for `party`: its own and the client's."""
    return visible(
        user,
        Document.objects.filter(partnership=partnership).filter(
            Q(owner_party=party) | Q(owner_party__role__in=Party.CLIENT_ROLES)
        ),
    ).order_by("title")


def phase_event_recipients(partnership, parties) -> list:
    """Who is told of a decision, amendment or instalment: the members of the parties it concerns.

    Nobody else: another contractor never hears of it. Members of a party
    that dropped out are told of the decision that stopped it.
    """
    return [
        m.user
        for m in Membership.objects.filter(
            partnership=partnership, party__in=[p.pk for p in parties], user__is_active=True
        ).select_related("user")
    ]


def may_publish_under_rights(lesson) -> bool:
    """The lesson publication flow refuses what the rights register keeps unpublished."""
    return phase_selectors.publication_allowed(
        partnership_id=lesson.partnership_id, item_kind="lesson", item_id=lesson.pk
    )
