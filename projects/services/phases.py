"""Every write to phases, interim targets, assessments and go/no-go decisions.

Who may call these is decided by `sharing.access.phases` in the caller; these
functions keep the rules of article 31 that hold whoever calls: targets are
fixed once their phase starts (a change is an amendment, motivated and
logged), "continue" on an unmet target needs an override motivation, a stop
needs tender documents that allow reducing partners, four eyes when the
partnership requires it, and a stop applies the existing drop-out.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from .. import instruments
from ..models import (
    Assessment,
    Instalment,
    InterimTarget,
    PartnershipPage,
    Party,
    Phase,
    PhaseDecision,
    PhasePlan,
    TargetAmendment,
)
from ..signals import phase_event
from .partnerships import party_drop_out


def _tell(partnership, kind: str, obj, parties) -> None:
    phase_event.send(
        sender=type(obj), partnership=partnership, kind=kind, obj=obj, parties=list(parties)
    )


def _same_partnership(partnership_id: int, *objects) -> None:
    for obj in objects:
        if obj is not None and obj.partnership_id != partnership_id:
            raise ValidationError(_("Dit hoort niet bij dit partnerschap."))


# --------------------------------------------------------------------------
# The plan
# --------------------------------------------------------------------------


def phase_plan_for(partnership: PartnershipPage) -> PhasePlan:
    """The partnership's phase rules; defaults (no reduction, no four eyes) until set."""
    plan = PhasePlan.objects.filter(partnership=partnership).first()
    return plan or PhasePlan(partnership=partnership)


@transaction.atomic
def phase_plan_set(
    *, partnership: PartnershipPage, reduction_allowed: bool, four_eyes: bool, actor=None
) -> PhasePlan:
    if not plan_is_adjustable(partnership):
        raise ValidationError(_("De fasering ligt vast sinds de eerste O&O-fase is gestart."))
    plan, _created = PhasePlan.objects.update_or_create(
        partnership=partnership,
        defaults={"reduction_allowed": reduction_allowed, "four_eyes": four_eyes},
    )
    log(
        plan,
        "partnerwerk.phase.plan",
        user=actor,
        partnership=partnership,
        data={"reduction_allowed": reduction_allowed, "four_eyes": four_eyes},
    )
    return plan


def plan_is_adjustable(partnership: PartnershipPage) -> bool:
    """Until the first research and development phase starts, the plan may change."""
    return not Phase.objects.filter(
        partnership=partnership, kind__in=Phase.RD_KINDS, status__in=_STARTED
    ).exists()


_STARTED = (Phase.Status.RUNNING, Phase.Status.ASSESSMENT, Phase.Status.CLOSED)
_PHASE_FIELDS = ("order", "name", "kind", "explanation", "planned_start", "planned_end", "budget")


def _phase_validate(phase: Phase) -> None:
    errors = {}
    if not (phase.name or "").strip():
        errors["name"] = _("Geef de fase een naam.")
    if phase.kind not in Phase.Kind.values:
        errors["kind"] = _("Kies een geldige soort fase.")
    if phase.planned_start and phase.planned_end and phase.planned_end < phase.planned_start:
        errors["planned_end"] = _("Het einde ligt voor de start.")
    if phase.budget is not None and phase.budget < 0:
        errors["budget"] = _("Een budget kan niet negatief zijn.")
    clash = Phase.objects.filter(partnership_id=phase.partnership_id, order=phase.order)
    if phase.pk:
        clash = clash.exclude(pk=phase.pk)
    if clash.exists():
        errors["order"] = _("Er is al een fase met dit volgnummer.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def phases_from_template(*, partnership: PartnershipPage, actor=None) -> list[Phase]:
    """Create the instrument's usual phases, targets to fill in and instalment slots."""
    if partnership.phases.exists():
        raise ValidationError(_("Dit partnerschap heeft al fases."))
    contractors = list(
        Party.objects.filter(partnership=partnership, role=Party.Role.CONTRACTOR).active()
    )
    created: list[Phase] = []
    for order, template in enumerate(instruments.template_for(partnership.procedure_type), 1):
        phase = Phase.objects.create(
            partnership=partnership,
            order=order,
            name=str(template.name),
            kind=template.kind,
            explanation=str(template.explanation),
        )
        for t in template.targets:
            InterimTarget.objects.create(
                phase=phase,
                measure=str(t.measure),
                comparator=t.comparator,
                threshold=Decimal("0"),
                unit=t.unit,
            )
        if template.instalment:
            Instalment.objects.bulk_create(
                Instalment(
                    phase=phase,
                    party=party,
                    label=_("Termijn %(phase)s") % {"phase": phase.name},
                    amount=Decimal("0"),
                )
                for party in contractors
            )
        created.append(phase)
    log(
        created[0],
        "partnerwerk.phase.template",
        user=actor,
        partnership=partnership,
        data={"procedure": partnership.procedure_type, "phases": len(created)},
    )
    return created


@transaction.atomic
def phase_create(*, partnership: PartnershipPage, actor=None, **fields) -> Phase:
    if not plan_is_adjustable(partnership):
        raise ValidationError(_("De fasering ligt vast sinds de eerste O&O-fase is gestart."))
    phase = Phase(partnership=partnership, **{k: fields[k] for k in _PHASE_FIELDS if k in fields})
    if phase.budget is None:
        phase.budget = Decimal("0")
    _phase_validate(phase)
    phase.save()
    log(phase, "partnerwerk.phase.add", user=actor, partnership=partnership)
    return phase


@transaction.atomic
def phase_update(*, phase: Phase, actor=None, **fields) -> Phase:
    if not plan_is_adjustable(phase.partnership):
        raise ValidationError(_("De fasering ligt vast sinds de eerste O&O-fase is gestart."))
    for key in _PHASE_FIELDS:
        if key in fields:
            setattr(phase, key, fields[key])
    _phase_validate(phase)
    phase.save()
    log(phase, "partnerwerk.phase.change", user=actor, partnership=phase.partnership)
    return phase


_MOVES = {
    "start": (Phase.Status.PLANNED, Phase.Status.RUNNING),
    "assess": (Phase.Status.RUNNING, Phase.Status.ASSESSMENT),
    "close": (Phase.Status.ASSESSMENT, Phase.Status.CLOSED),
}


@transaction.atomic
def phase_move(*, phase: Phase, move: str, on: datetime.date | None = None, actor=None) -> Phase:
    """start (targets lock), assess (the phase ends; assessment begins), close."""
    phase = Phase.objects.select_for_update().get(pk=phase.pk)
    if move not in _MOVES or phase.status != _MOVES[move][0]:
        raise ValidationError(_("Deze stap kan nu niet."))
    phase.status = _MOVES[move][1]
    day = on or timezone.localdate()
    if move == "start":
        phase.actual_start = day
    elif move == "assess":
        phase.actual_end = day
    phase.save(update_fields=["status", "actual_start", "actual_end"])
    log(
        phase,
        f"partnerwerk.phase.{move}",
        user=actor,
        partnership=phase.partnership,
        data={"phase": phase.name, "on": day.isoformat()},
    )
    return phase


# --------------------------------------------------------------------------
# Interim targets
# --------------------------------------------------------------------------

_TARGET_FIELDS = ("contractor", "measure", "comparator", "threshold", "unit", "weight", "method")


def _target_validate(target: InterimTarget) -> None:
    errors = {}
    if not (target.measure or "").strip():
        errors["measure"] = _("Geef aan wat wordt gemeten.")
    if target.threshold is None:
        errors["threshold"] = _("Geef de drempel.")
    if not (target.unit or "").strip():
        errors["unit"] = _("Geef de eenheid.")
    if target.comparator not in InterimTarget.Comparator.values:
        errors["comparator"] = _("Kies ≤ of ≥.")
    if target.contractor is not None:
        _same_partnership(target.phase.partnership_id, target.contractor)
        if target.contractor.role != Party.Role.CONTRACTOR:
            errors["contractor"] = _("Een doel geldt voor een opdrachtnemer.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def target_create(*, phase: Phase, actor=None, **fields) -> InterimTarget:
    if phase.targets_locked:
        raise ValidationError(_("De fase is gestart: doelen liggen vast."))
    target = InterimTarget(phase=phase, **{k: fields[k] for k in _TARGET_FIELDS if k in fields})
    _target_validate(target)
    target.save()
    log(target, "partnerwerk.target.add", user=actor, partnership=phase.partnership)
    return target


@transaction.atomic
def target_update(*, target: InterimTarget, actor=None, **fields) -> InterimTarget:
    """Edit a target of a phase that has not started. Afterwards: `target_amend`."""
    if target.phase.targets_locked:
        raise ValidationError(
            _("De fase is gestart: een doel wijzigen kan alleen met een gemotiveerde wijziging.")
        )
    for key in _TARGET_FIELDS:
        if key in fields:
            setattr(target, key, fields[key])
    _target_validate(target)
    target.save()
    log(target, "partnerwerk.target.change", user=actor, partnership=target.phase.partnership)
    return target


def _snapshot(target: InterimTarget) -> dict:
    return {
        "measure": target.measure,
        "comparator": target.comparator,
        "threshold": str(target.threshold),
        "unit": target.unit,
        "weight": target.weight,
        "method": target.method,
    }


@transaction.atomic
def target_amend(
    *, target: InterimTarget, motivation: str, actor=None, **fields
) -> TargetAmendment:
    """Change a fixed target: motivated, logged, told to every contractor it concerns at once."""
    if not target.phase.targets_locked:
        raise ValidationError(_("De fase is nog niet gestart: wijzig het doel gewoon."))
    motivation = (motivation or "").strip()
    if not motivation:
        raise ValidationError({"motivation": _("Motiveer de wijziging van een vastgesteld doel.")})
    before = _snapshot(target)
    for key in _TARGET_FIELDS:
        if key in fields and key != "contractor":
            setattr(target, key, fields[key])
    _target_validate(target)
    target.save()
    amendment = TargetAmendment.objects.create(
        target=target, before=before, after=_snapshot(target), motivation=motivation,
        changed_by=actor,
    )  # fmt: skip
    partnership = target.phase.partnership
    log(
        target,
        "partnerwerk.target.amend",
        user=actor,
        partnership=partnership,
        data={"before": before, "after": amendment.after, "motivation": motivation},
    )
    concerned = (
        [target.contractor]
        if target.contractor_id
        else Party.objects.filter(partnership=partnership, role=Party.Role.CONTRACTOR).active()
    )
    _tell(partnership, "amendment", amendment, concerned)
    return amendment


# --------------------------------------------------------------------------
# Assessments
# --------------------------------------------------------------------------


@transaction.atomic
def assessment_record(
    *,
    target: InterimTarget,
    party: Party,
    measured_value: Decimal | None = None,
    met: bool | None = None,
    note: str = "",
    evidence_document_ids=(),
    actor=None,
) -> Assessment:
    """Record (or correct) one contractor's result on one target.

    With a measured value, met/not met follows from the threshold; without,
    the assessor says it. Evidence ids must already be checked by the caller
    (the access package) to name documents of this contractor or the client.
    """
    phase = Phase.objects.select_related("partnership").get(pk=target.phase_id)
    _same_partnership(phase.partnership_id, party)
    if party.role != Party.Role.CONTRACTOR or not target.applies_to(party):
        raise ValidationError(_("Dit doel geldt niet voor deze partij."))
    if phase.status not in (Phase.Status.RUNNING, Phase.Status.ASSESSMENT):
        raise ValidationError(_("Beoordelen kan als de fase loopt of in beoordeling is."))
    computed = target.is_met_by(measured_value)
    if computed is not None:
        met = computed
    if met is None:
        raise ValidationError({"met": _("Geef een gemeten waarde of zeg of het doel is gehaald.")})
    assessment, created = Assessment.objects.update_or_create(
        target=target,
        party=party,
        defaults={
            "measured_value": measured_value,
            "met": met,
            "note": (note or "").strip(),
            "evidence_document_ids": sorted({int(i) for i in evidence_document_ids}),
            "assessed_by": actor,
        },
    )
    log(
        assessment,
        "partnerwerk.assessment.record",
        user=actor,
        partnership=phase.partnership,
        data={"target": str(target), "party": party.organisation.name, "met": met},
    )
    return assessment


def unmet_targets(*, phase: Phase, party: Party) -> list[InterimTarget]:
    """Targets of the phase for this party not (yet) met: unassessed counts as unmet."""
    met = set(
        Assessment.objects.filter(target__phase=phase, party=party, met=True).values_list(
            "target_id", flat=True
        )
    )
    return [
        t for t in phase.targets.all() if (t.contractor_id in (None, party.pk)) and t.pk not in met
    ]


# --------------------------------------------------------------------------
# Go/no-go
# --------------------------------------------------------------------------


@transaction.atomic
def decision_record(
    *,
    phase: Phase,
    party: Party,
    outcome: str,
    motivation: str,
    override_motivation: str = "",
    actor=None,
) -> PhaseDecision:
    """Go/no-go for one contractor at the end of a phase.

    Raises ValidationError when: the phase is not under assessment; the
    decision exists; "continue" with an unmet target lacks an override
    motivation; "stop" while the tender documents do not allow reducing.
    With four eyes the decision waits for a second client lead.
    """
    # The status decides what may happen: read it under a lock, not from the caller's copy.
    phase = Phase.objects.select_for_update().select_related("partnership").get(pk=phase.pk)
    _same_partnership(phase.partnership_id, party)
    motivation = (motivation or "").strip()
    override_motivation = (override_motivation or "").strip()
    if phase.status != Phase.Status.ASSESSMENT:
        raise ValidationError(_("Een go/no-go volgt als de fase in beoordeling is."))
    if party.role != Party.Role.CONTRACTOR or not party.is_active:
        raise ValidationError(_("Alleen over een actieve opdrachtnemer wordt besloten."))
    if PhaseDecision.objects.filter(phase=phase, party=party).exists():
        raise ValidationError(_("Over deze partij is in deze fase al besloten."))
    if outcome not in PhaseDecision.Outcome.values:
        raise ValidationError({"outcome": _("Kies doorgaan of stoppen.")})
    if not motivation:
        raise ValidationError({"motivation": _("Motiveer het besluit.")})
    plan = phase_plan_for(phase.partnership)
    if outcome == PhaseDecision.Outcome.CONTINUE:
        if unmet_targets(phase=phase, party=party) and not override_motivation:
            raise ValidationError(
                {
                    "override_motivation": _(
                        "Niet alle doelen zijn gehaald: motiveer expliciet waarom deze "
                        "partij toch doorgaat."
                    )
                }
            )
    elif not plan.reduction_allowed:
        raise ValidationError(
            {
                "outcome": _(
                    "De aanbestedingsstukken staan niet toe het aantal partners te verminderen."
                )
            }
        )
    decision = PhaseDecision.objects.create(
        phase=phase,
        party=party,
        outcome=outcome,
        motivation=motivation,
        override_motivation=override_motivation,
        decided_by=actor,
        status=PhaseDecision.Status.AWAITING if plan.four_eyes else PhaseDecision.Status.FINAL,
    )
    log(
        decision,
        "partnerwerk.decision.record",
        user=actor,
        partnership=phase.partnership,
        data={
            "phase": phase.name,
            "party": party.organisation.name,
            "outcome": outcome,
            "awaiting": plan.four_eyes,
        },
    )
    if decision.status == PhaseDecision.Status.FINAL:
        _apply(decision, actor)
    return decision


@transaction.atomic
def decision_confirm(*, decision: PhaseDecision, actor) -> PhaseDecision:
    """The second client lead's confirmation (four eyes); never the one who decided."""
    decision = PhaseDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != PhaseDecision.Status.AWAITING:
        raise ValidationError(_("Dit besluit wacht niet op bevestiging."))
    if actor is None or actor.pk == decision.decided_by_id:
        raise ValidationError(_("Een tweede trekker van de opdrachtgever moet bevestigen."))
    decision.status = PhaseDecision.Status.FINAL
    decision.confirmed_by = actor
    decision.confirmed_at = timezone.now()
    decision.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    log(
        decision,
        "partnerwerk.decision.confirm",
        user=actor,
        partnership=decision.phase.partnership,
        data={"party": decision.party.organisation.name, "outcome": decision.outcome},
    )
    _apply(decision, actor)
    return decision


def _apply(decision: PhaseDecision, actor) -> None:
    if decision.outcome == PhaseDecision.Outcome.STOP:
        party_drop_out(
            party=decision.party,
            reason=_("Go/no-go na %(phase)s: %(motivation)s")
            % {"phase": decision.phase.name, "motivation": decision.motivation},
            actor=actor,
        )
    _tell(decision.phase.partnership, "decision", decision, [decision.party])
