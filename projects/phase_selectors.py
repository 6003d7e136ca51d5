"""Reads of phases, targets, assessments, decisions, instalments, purchase and rights.

These know nothing of who asks: `sharing.access.phases` narrows every list to
what the reader may see before it is shown, counted or exported. The public
profile (portal) reads `current_phase` only. Each function runs a fixed
number of queries, whatever the number of contractors.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from .models import (
    Assessment,
    Instalment,
    InterimTarget,
    PartnershipPage,
    Party,
    PerformanceLevel,
    Phase,
    PhaseDecision,
    PurchaseDecision,
    ResultRights,
)


def phase_list(*, partnership: PartnershipPage):
    return Phase.objects.filter(partnership=partnership).order_by("order")


def phase_get(*, partnership: PartnershipPage, pk) -> Phase:
    return get_object_or_404(
        Phase.objects.select_related("partnership"), partnership=partnership, pk=pk
    )


def current_phase(*, partnership: PartnershipPage) -> Phase | None:
    """The phase the public profile shows: running, else under assessment, else next."""
    return Phase.objects.filter(partnership=partnership).current()


def target_list(*, partnership: PartnershipPage):
    return InterimTarget.objects.filter(phase__partnership=partnership).select_related(
        "phase", "contractor__organisation"
    ).prefetch_related("amendments")  # fmt: skip


def assessment_list(*, partnership: PartnershipPage):
    return Assessment.objects.filter(target__phase__partnership=partnership).select_related(
        "target__phase", "party__organisation", "assessed_by"
    ).order_by("target__phase__order", "target_id", "party__organisation__name")  # fmt: skip


def decision_list(*, partnership: PartnershipPage):
    return PhaseDecision.objects.filter(phase__partnership=partnership).select_related(
        "phase", "party__organisation", "decided_by", "confirmed_by"
    ).order_by("phase__order", "party__organisation__name")  # fmt: skip


def instalment_list(*, partnership: PartnershipPage):
    return (
        Instalment.objects.filter(phase__partnership=partnership)
        .select_related("phase", "party__organisation", "approved_by")
        .prefetch_related(Prefetch("targets", queryset=InterimTarget.objects.order_by("pk")))
        .order_by("phase__order", "party__organisation__name", "pk")
    )


def contractors(*, partnership: PartnershipPage):
    return Party.objects.filter(partnership=partnership, role=Party.Role.CONTRACTOR).select_related(
        "organisation"
    ).order_by("organisation__name")  # fmt: skip


@dataclass
class Totals:
    """Instalment sums per phase, per contractor and for the partnership."""

    by_phase: dict = field(default_factory=dict)
    by_party: dict = field(default_factory=dict)
    total: Decimal = Decimal("0")
    paid: Decimal = Decimal("0")


def instalment_totals(instalments) -> Totals:
    """Sums over an already narrowed list (so a contractor's totals are its own)."""
    totals = Totals(by_phase=defaultdict(Decimal), by_party=defaultdict(Decimal))
    for i in instalments:
        totals.by_phase[i.phase] += i.amount
        totals.by_party[i.party] += i.amount
        totals.total += i.amount
        if i.status == Instalment.Status.PAID:
            totals.paid += i.amount
    totals.by_phase, totals.by_party = dict(totals.by_phase), dict(totals.by_party)
    return totals


@dataclass
class PurchaseRow:
    level: PerformanceLevel
    results: list  # [(party, value or None, met or None)] in the order of the parties


def purchase_overview(*, partnership: PartnershipPage, assessments, parties) -> list[PurchaseRow]:
    """Each agreed level beside each party's latest measured result on the same measure.

    `assessments` must already be narrowed to what the reader may see.
    """
    latest: dict[tuple[str, int], Assessment] = {}
    for a in sorted(assessments, key=lambda a: (a.target.phase.order, a.assessed_at)):
        if a.measured_value is not None:
            latest[(a.target.measure.lower(), a.party_id)] = a
    rows = []
    for level in PerformanceLevel.objects.filter(partnership=partnership):
        results = []
        for party in parties:
            a = latest.get((level.measure.lower(), party.pk))
            value = a.measured_value if a else None
            results.append((party, value, level.is_met_by(value)))
        rows.append(PurchaseRow(level, results))
    return rows


def purchase_decisions(*, partnership: PartnershipPage):
    return PurchaseDecision.objects.filter(partnership=partnership).select_related(
        "party__organisation", "decided_by"
    )  # fmt: skip


def rights_list(*, partnership: PartnershipPage):
    return ResultRights.objects.filter(partnership=partnership).select_related(
        "party__organisation", "from_phase"
    )  # fmt: skip


def rights_for_item(*, partnership_id: int, item_kind: str, item_id: int) -> ResultRights | None:
    return ResultRights.objects.filter(
        partnership_id=partnership_id, item_kind=item_kind, item_id=item_id
    ).first()


def publication_allowed(*, partnership_id: int, item_kind: str, item_id: int) -> bool:
    """False when the rights register says the client may not publish this item."""
    rights = rights_for_item(partnership_id=partnership_id, item_kind=item_kind, item_id=item_id)
    return rights is None or rights.publish
