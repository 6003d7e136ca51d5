"""Demo data for the life of a partnership (idempotent).

Sterke Lekdijk is in its second research and development phase: the first
one was assessed and all three contractors continued; the second one runs,
with interim measurements of all three and instalments. Emissieloze
kustlijnzorg stopped one contractor after its first phase: that party's data
stays, its access is reduced by the drop-out rules.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from . import services
from .demo import CONTRACTOR_A, CONTRACTOR_B, CONTRACTOR_C
from .models import PartnershipPage


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _phases(partnership, specs, actor):
    """Create phases (all planned), then return them in order."""
    phases = []
    for order, (kind, name, explanation, start, end, budget) in enumerate(specs, 1):
        phases.append(
            services.phase_create(
                partnership=partnership, order=order, name=name, kind=kind,
                explanation=explanation, planned_start=start, planned_end=end,
                budget=Decimal(budget), actor=actor,
            )
        )  # fmt: skip
    return phases


def _run(phase, start, end=None, actor=None, close=True):
    services.phase_move(phase=phase, move="start", on=start, actor=actor)
    if end is not None:
        services.phase_move(phase=phase, move="assess", on=end, actor=actor)
        if close:
            services.phase_move(phase=phase, move="close", on=end, actor=actor)


def _target(phase, measure, threshold, unit, actor, comparator="le", weight=1, method=""):
    return services.target_create(
        phase=phase, measure=measure, comparator=comparator, threshold=Decimal(threshold),
        unit=unit, weight=weight, method=method, actor=actor,
    )  # fmt: skip


def _assess(target, party, value, actor, note=""):
    return services.assessment_record(
        target=target, party=party, measured_value=Decimal(value), note=note, actor=actor
    )


def _instalment(phase, party, label, amount, targets, actor, advance=0):
    instalment = services.instalment_create(
        phase=phase, party=party, label=label, amount=Decimal(amount), targets=targets,
        actor=actor,
    )  # fmt: skip
    for _step in range(advance):
        paid_on = phase.actual_end or timezone.localdate()
        instalment = services.instalment_advance(
            instalment=instalment, actor=actor, paid_on=paid_on
        )
    return instalment


CO2, NOISE, COST = "CO2 per m dijk", "geluid bij de woningen", "kosten per m dijk"


def ensure_lekdijk_phases(partnership: PartnershipPage, people) -> bool:
    if partnership.phases.exists():
        return False
    lead = people.users["opdrachtgever"]
    parties = {k: people.parties[("sterke-lekdijk", n)] for k, n in
               (("A", CONTRACTOR_A), ("B", CONTRACTOR_B), ("C", CONTRACTOR_C))}  # fmt: skip
    services.phase_plan_set(
        partnership=partnership, reduction_allowed=True, four_eyes=False, actor=lead
    )
    demand, selection, rd1, rd2, realisation = _phases(
        partnership,
        [
            ("demand", "Vraagarticulatie en marktconsultatie",
             "Het hoogheemraadschap beschreef de opgave en toetste haar bij de markt, zonder een "
             "oplossing voor te schrijven.", _days(-1100), _days(-940), "0"),
            ("selection", "Selectie en onderhandeling",
             "Drie combinaties zijn geselecteerd. Doelen en afnamevoorwaarden liggen vast in de "
             "aanbestedingsstukken.", _days(-930), _days(-740), "0"),
            ("research", "O&O-fase 1: onderzoek en ontwerp",
             "Elke opdrachtnemer werkt een ontwerp uit voor de hele dijk. Aan het eind toetst de "
             "opdrachtgever iedereen aan de tussentijdse doelen.", _days(-730), _days(-366),
             "900000"),
            ("prototype", "O&O-fase 2: prototype en proefvak",
             "Elke opdrachtnemer bouwt een proefvak van 500 meter met emissieloos materieel uit "
             "de pool. Betaling in termijnen per gehaald doel.", _days(-365), _days(180),
             "1500000"),
            ("realisation", "Realisatie en afname",
             "Bij goed resultaat realiseert elke opdrachtnemer twee deeltrajecten, zonder nieuwe "
             "aanbesteding.", _days(181), _days(1640), "0"),
        ],
        lead,
    )  # fmt: skip
    # Agreed before the R&D phases: the performance levels and maximum costs of the result.
    for measure, threshold, unit, is_cost in (
        (CO2, "40", "kg", False), (NOISE, "60", "dB(A)", False), (COST, "9000", "€", True),
    ):  # fmt: skip
        services.performance_level_create(
            partnership=partnership, measure=measure, comparator="le",
            threshold=Decimal(threshold), unit=unit, is_cost=is_cost, actor=lead,
        )  # fmt: skip
    rd1_targets = [
        _target(rd1, CO2, "60", "kg", lead, weight=3, method="Levenscyclusanalyse van het ontwerp"),
        _target(rd1, NOISE, "65", "dB(A)", lead, weight=1, method="Geluidsberekening"),
        _target(rd1, COST, "10000", "€", lead, weight=2, method="Raming en toets"),
    ]  # fmt: skip
    rd2_targets = [
        _target(rd2, CO2, "40", "kg", lead, weight=3, method="Gemeten op het proefvak"),
        _target(rd2, NOISE, "60", "dB(A)", lead, weight=1, method="Meting bij de woningen"),
        _target(rd2, COST, "9000", "€", lead, weight=2, method="Nacalculatie proefvak"),
    ]  # fmt: skip
    _run(demand, _days(-1100), _days(-940), lead)
    _run(selection, _days(-930), _days(-740), lead)
    _run(rd1, _days(-730), None, lead)
    results = {"A": ("52", "61", "9600"), "B": ("57", "63", "9900"), "C": ("49", "64", "9800")}
    for key, values in results.items():
        for target, value in zip(rd1_targets, values, strict=True):
            _assess(target, parties[key], value, lead)
        _instalment(rd1, parties[key], "Ontwerp opgeleverd", "300000", rd1_targets, lead, 3)
    services.phase_move(phase=rd1, move="assess", on=_days(-366), actor=lead)
    for key in results:
        services.decision_record(
            phase=rd1, party=parties[key], outcome="continue",
            motivation="Alle tussentijdse doelen van fase 1 gehaald.", actor=lead,
        )  # fmt: skip
    services.phase_move(phase=rd1, move="close", on=_days(-366), actor=lead)
    _run(rd2, _days(-365), None, lead)
    interim = {
        "A": ("36.5", "58"),
        "B": ("42.8", "57"),
        "C": ("38.9", "62"),
    }
    for key, values in interim.items():
        for target, value in zip(rd2_targets, values, strict=False):
            _assess(target, parties[key], value, lead, note="Tussenmeting op het proefvak")
        _instalment(rd2, parties[key], "Termijn 1: proefvak gebouwd", "250000",
                    rd2_targets[:1], lead, 3 if key == "A" else 1)  # fmt: skip
        _instalment(rd2, parties[key], "Termijn 2: doelen gehaald", "250000", rd2_targets,
                    lead)  # fmt: skip
    for key in ("A", "B", "C"):
        services.rights_set(
            partnership=partnership, item_kind="deliverable", party=parties[key],
            title=f"Dijkontwerp fase 1 – {parties[key].organisation.name}", owner="contractor",
            own_use=True, other_authorities=True, publish=False, from_phase=rd1, actor=lead,
            note="Het hoogheemraadschap mag het ontwerp gebruiken en aan andere "
                 "waterschappen geven; publiceren alleen met toestemming.",
        )  # fmt: skip
    return True


def ensure_coast_phases(partnership: PartnershipPage, people) -> bool:
    """Emissieloze kustlijnzorg: one contractor stopped after phase 1."""
    if partnership.phases.exists():
        return False
    slug = partnership.slug
    zeezand = people.parties[(slug, "Zeezand Elektrisch")]
    kustwerk = people.parties[(slug, "Kustwerk Waterstof")]
    services.phase_plan_set(partnership=partnership, reduction_allowed=True, four_eyes=False)
    rd1, rd2, buy = _phases(
        partnership,
        [
            ("research", "Fase 1: haalbaarheid emissieloze suppletie",
             "Haalbaarheidsstudie en ontwerp van een emissieloos suppletieproces.",
             _days(-500), _days(-200), "400000"),
            ("prototype", "Fase 2: prototype op zee",
             "Een prototype wordt beproefd bij een echte suppletie.", _days(-199), _days(300),
             "1200000"),
            ("realisation", "Opschaling en afname",
             "Afname zonder nieuwe aanbesteding bij het afgesproken prestatieniveau.",
             _days(301), _days(1200), "0"),
        ],
        None,
    )  # fmt: skip
    co2 = _target(rd1, "CO2 per m3 zand", "0.5", "kg", None)
    _run(rd1, _days(-500))
    _assess(co2, zeezand, "0.3", None)
    _assess(co2, kustwerk, "1.4", None, note="Waterstofketen niet rond binnen het budget")
    for party in (zeezand, kustwerk):
        _instalment(rd1, party, "Haalbaarheidsstudie", "150000", [co2], None, 3)
    services.phase_move(phase=rd1, move="assess", on=_days(-200))
    services.decision_record(
        phase=rd1, party=zeezand, outcome="continue", motivation="Doel ruim gehaald."
    )
    services.decision_record(
        phase=rd1, party=kustwerk, outcome="stop",
        motivation="CO2-doel van fase 1 niet gehaald; de aanbestedingsstukken staan "
                   "vermindering van het aantal partners toe.",
    )  # fmt: skip
    services.phase_move(phase=rd1, move="close", on=_days(-200))
    _run(rd2, _days(-199))
    return bool(buy)
