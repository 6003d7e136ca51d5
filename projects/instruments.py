"""The usual phases of each procurement instrument, as a starting plan.

Choosing the procedure of a partnership creates these phases (with targets to
fill in and instalment slots); a client lead adjusts them until the first
research and development phase starts. The explanations paraphrase the rules
of each instrument (Aanbestedingswet 2012 art. 2.31a–2.31b and 2.126b–d for
the innovation partnership; the SBIR and Startup in Residence programmes).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class TargetTemplate:
    measure: str
    comparator: str
    unit: str


@dataclass(frozen=True)
class PhaseTemplate:
    kind: str
    name: str
    explanation: str
    targets: tuple[TargetTemplate, ...] = field(default_factory=tuple)
    instalment: bool = False


_COST = TargetTemplate(_("kosten per eenheid"), "le", "€")

TEMPLATES = {
    "innovatiepartnerschap": (
        PhaseTemplate(
            "demand",
            _("Vraagarticulatie en marktconsultatie"),
            _(
                "De opdrachtgever beschrijft de behoefte die de markt nog niet kan vervullen "
                "en toetst die bij de markt, zonder al een oplossing voor te schrijven."
            ),
        ),
        PhaseTemplate(
            "selection",
            _("Selectie"),
            _(
                "Gegadigden worden geselecteerd op geschiktheid; met de besten wordt "
                "onderhandeld. De tussentijdse doelen en de afnamevoorwaarden staan vast "
                "in de aanbestedingsstukken."
            ),
        ),
        PhaseTemplate(
            "research",
            _("Onderzoek en ontwerp"),
            _(
                "Eerste onderzoeks- en ontwikkelfase. Aan het eind toetst de opdrachtgever "
                "elke partner aan de tussentijdse doelen en mag hij het aantal partners "
                "verminderen als de aanbestedingsstukken dat toestaan."
            ),
            (TargetTemplate(_("haalbaarheid aangetoond"), "ge", "%"), _COST),
            True,
        ),
        PhaseTemplate(
            "prototype",
            _("Prototype en test"),
            _(
                "De oplossing wordt gebouwd en beproefd. Betaling in termijnen, per "
                "gehaald tussentijds doel."
            ),
            (TargetTemplate(_("prestatie in de test"), "ge", "%"), _COST),
            True,
        ),
        PhaseTemplate(
            "realisation",
            _("Realisatie en aankoop"),
            _(
                "Voldoet het resultaat aan de vooraf afgesproken prestatieniveaus en "
                "maximale kosten, dan neemt de opdrachtgever het af zonder nieuwe "
                "aanbesteding."
            ),
        ),
    ),
    "sbir": (
        PhaseTemplate(
            "demand",
            _("Oproep"),
            _("De overheid publiceert een maatschappelijk vraagstuk als SBIR-oproep."),
        ),
        PhaseTemplate(
            "research",
            _("Fase 1: haalbaarheidsonderzoek"),
            _("Korte opdrachten voor haalbaarheidsonderzoek; de besten gaan door naar fase 2."),
            (TargetTemplate(_("haalbaarheid aangetoond"), "ge", "%"),),
            True,
        ),
        PhaseTemplate(
            "prototype",
            _("Fase 2: ontwikkeling en demonstratie"),
            _("Ontwikkeling van een prototype tot een werkende demonstratie."),
            (TargetTemplate(_("prestatie in de demonstratie"), "ge", "%"), _COST),
            True,
        ),
        PhaseTemplate(
            "realisation",
            _("Fase 3: commercialisatie"),
            _("Het resultaat wordt op de markt gebracht; afname gaat via een eigen opdracht."),
        ),
    ),
    "startup_in_residence": (
        PhaseTemplate(
            "selection",
            _("Uitdagingen en selectie"),
            _("De overheid stelt uitdagingen; startups dingen mee en worden gekozen."),
        ),
        PhaseTemplate(
            "research",
            _("Startopdracht"),
            _("Een startopdracht van € 25.000 om de oplossing samen uit te werken."),
            (TargetTemplate(_("gebruikerstoets geslaagd"), "ge", "%"),),
            True,
        ),
        PhaseTemplate(
            "pilot",
            _("Opschaling"),
            _("Na een geslaagde startopdracht wordt de oplossing verder beproefd."),
            (_COST,),
            True,
        ),
    ),
    "buyer_group": (
        PhaseTemplate(
            "demand",
            _("Vraagbundeling"),
            _("Meerdere overheden bundelen hun vraag in een kopersgroep."),
        ),
        PhaseTemplate(
            "selection",
            _("Gezamenlijke aanbesteding"),
            _("De kopersgroep kiest samen de partners."),
        ),
        PhaseTemplate(
            "pilot",
            _("Pilot bij de deelnemers"),
            _("Elke deelnemer beproeft de oplossing bij zich."),
            (TargetTemplate(_("prestatie in de pilot"), "ge", "%"),),
            True,
        ),
        PhaseTemplate(
            "realisation",
            _("Afname"),
            _("De deelnemers nemen af op de afgesproken voorwaarden."),
        ),
    ),
}


def template_for(procedure: str) -> tuple[PhaseTemplate, ...]:
    return TEMPLATES.get(procedure, TEMPLATES["innovatiepartnerschap"])
