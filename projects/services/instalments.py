"""Every write to instalments, the purchase of the result and the rights register."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from ..models import (
    Instalment,
    PartnershipPage,
    Party,
    PerformanceLevel,
    Phase,
    PurchaseDecision,
    ResultRights,
    Section,
)
from .equipment import section_update
from .phases import _same_partnership, _tell, plan_is_adjustable

# --------------------------------------------------------------------------
# Instalments
# --------------------------------------------------------------------------


@transaction.atomic
def instalment_create(
    *, phase: Phase, party: Party, label: str, amount: Decimal, targets=(), actor=None
) -> Instalment:
    _same_partnership(phase.partnership_id, party)
    errors = {}
    if party.role != Party.Role.CONTRACTOR:
        errors["party"] = _("Termijnen worden aan een opdrachtnemer betaald.")
    if not (label or "").strip():
        errors["label"] = _("Geef een omschrijving.")
    if amount is None or amount < 0:
        errors["amount"] = _("Geef een bedrag van nul of meer.")
    targets = list(targets)
    if any(t.phase_id != phase.pk or not t.applies_to(party) for t in targets):
        errors["targets"] = _("Koppel alleen doelen van deze fase voor deze partij.")
    if errors:
        raise ValidationError(errors)
    instalment = Instalment.objects.create(
        phase=phase, party=party, label=label.strip(), amount=amount
    )
    instalment.targets.set(targets)
    log(
        instalment,
        "partnerwerk.instalment.add",
        user=actor,
        partnership=phase.partnership,
        data={"party": party.organisation.name, "amount": str(amount)},
    )
    return instalment


@transaction.atomic
def instalment_advance(
    *, instalment: Instalment, actor=None, paid_on: datetime.date | None = None
) -> Instalment:
    """planned → due → approved (the caller checked it is a client lead) → paid (with a date)."""
    instalment = Instalment.objects.select_for_update().get(pk=instalment.pk)
    following = Instalment.NEXT.get(instalment.status)
    if following is None:
        raise ValidationError(_("Deze termijn is al betaald."))
    fields = ["status"]
    if following == Instalment.Status.APPROVED:
        instalment.approved_by, instalment.approved_at = actor, timezone.now()
        fields += ["approved_by", "approved_at"]
    if following == Instalment.Status.PAID:
        instalment.paid_on = paid_on or timezone.localdate()
        fields.append("paid_on")
    instalment.status = following
    instalment.save(update_fields=fields)
    partnership = instalment.phase.partnership
    log(
        instalment,
        f"partnerwerk.instalment.{following}",
        user=actor,
        partnership=partnership,
        data={"party": instalment.party.organisation.name, "amount": str(instalment.amount)},
    )
    _tell(partnership, "instalment", instalment, [instalment.party])
    return instalment


# --------------------------------------------------------------------------
# The purchase of the result
# --------------------------------------------------------------------------


@transaction.atomic
def performance_level_create(
    *, partnership: PartnershipPage, measure: str, comparator: str, threshold: Decimal,
    unit: str, is_cost: bool = False, actor=None,
) -> PerformanceLevel:  # fmt: skip
    """Agreed before the R&D phases; locked once the first one starts."""
    if not plan_is_adjustable(partnership):
        raise ValidationError(
            _("De prestatieniveaus liggen vast sinds de eerste O&O-fase is gestart.")
        )
    if not (measure or "").strip() or threshold is None or not (unit or "").strip():
        raise ValidationError(_("Geef wat wordt gemeten, het niveau en de eenheid."))
    level = PerformanceLevel.objects.create(
        partnership=partnership, measure=measure.strip(), comparator=comparator,
        threshold=threshold, unit=unit.strip(), is_cost=is_cost,
    )  # fmt: skip
    log(level, "partnerwerk.purchase.level", user=actor, partnership=partnership)
    return level


@transaction.atomic
def purchase_decide(
    *,
    partnership: PartnershipPage,
    party: Party,
    buy: bool,
    motivation: str,
    sections=(),
    actor=None,
) -> PurchaseDecision:
    """Decide to buy one contractor's result, and give it its sections."""
    _same_partnership(partnership.pk, party, *sections)
    if party.role != Party.Role.CONTRACTOR or not party.is_active:
        raise ValidationError(
            _("Alleen het resultaat van een actieve opdrachtnemer wordt gekocht.")
        )
    if not (motivation or "").strip():
        raise ValidationError({"motivation": _("Motiveer het besluit.")})
    if sections and not buy:
        raise ValidationError({"sections": _("Deeltrajecten gaan alleen naar wie wordt gekocht.")})
    decision, _created = PurchaseDecision.objects.update_or_create(
        partnership=partnership,
        party=party,
        defaults={"buy": buy, "motivation": motivation.strip(), "decided_by": actor},
    )
    for section in sections:
        section_update(section=section, contractor=party, actor=actor)
    log(
        decision,
        "partnerwerk.purchase.decide",
        user=actor,
        partnership=partnership,
        data={
            "party": party.organisation.name,
            "buy": buy,
            "sections": [s.number for s in sections],
        },
    )
    return decision


def sections_of(partnership: PartnershipPage):
    return Section.objects.filter(partnership=partnership).select_related("contractor")


# --------------------------------------------------------------------------
# Rights to the results
# --------------------------------------------------------------------------

_RIGHTS_FIELDS = ("owner", "own_use", "other_authorities", "publish", "from_phase", "note")


@transaction.atomic
def rights_set(
    *,
    partnership: PartnershipPage,
    item_kind: str,
    title: str,
    party: Party,
    item_id: int | None = None,
    actor=None,
    **fields,
) -> ResultRights:
    """Record (or change) the arrangement on one result item."""
    _same_partnership(partnership.pk, party, fields.get("from_phase"))
    if item_kind not in ResultRights.ItemKind.values:
        raise ValidationError({"item_kind": _("Kies een soort resultaat.")})
    if not (title or "").strip():
        raise ValidationError({"title": _("Geef het resultaat een naam.")})
    if item_kind != ResultRights.ItemKind.DELIVERABLE and item_id is None:
        raise ValidationError({"item_id": _("Kies het document of de les.")})
    values = {k: fields[k] for k in _RIGHTS_FIELDS if k in fields}
    values.update(title=title.strip(), party=party)
    if item_id is not None:
        rights, _created = ResultRights.objects.update_or_create(
            partnership=partnership, item_kind=item_kind, item_id=item_id, defaults=values
        )
    else:
        rights = ResultRights.objects.create(partnership=partnership, item_kind=item_kind, **values)
    log(
        rights,
        "partnerwerk.rights.set",
        user=actor,
        partnership=partnership,
        data={"title": rights.title, "publish": rights.publish},
    )
    return rights
