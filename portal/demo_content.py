"""Texts of the public demo, written for Partnerwerk from the seed article (not quoted)."""

from projects.models import PartnershipPage

P = PartnershipPage.Procedure

KEY_FIGURES = [
    {"value": "€ 85 mrd", "label": "gaven Nederlandse overheden in 2019 uit aan inkoop"},
    {"value": "18 %", "label": "van de klimaatvoetafdruk hangt aan die inkoop"},
    {"value": "2016", "label": "sinds dit jaar kan het innovatiepartnerschap in Nederland"},
]

# slug -> fields; "client" is an organisation name, "partnership" a demo partnership slug.
STORIES = {
    "hdsr-sterke-lekdijk": {
        "title": "Eén projectteam voor 55 kilometer Lekdijk",
        "client": "Hoogheemraadschap De Stichtse Rijnlanden",
        "partnership": "sterke-lekdijk",
        "procedure_type": P.INNOVATION_PARTNERSHIP,
        "theme": "Waterveiligheid",
        "region": "Utrecht",
        "year": 2021,
        "contractor_count": 3,
        "budget_band": "very_large",
        "summary": (
            "Het waterschap knipte de dijkversterking niet op in zes losse projecten, maar liet "
            "drie aannemers vanaf dag één samen met de eigen mensen aan nieuwe oplossingen werken."
        ),
        "body": [
            ("heading", {"text": "Geen zes silo's", "level": "h2"}),
            (
                "text",
                "<p>Tussen Amerongen en Schoonhoven moet de Lekdijk over 55 kilometer sterker "
                "worden. Gewoonlijk worden dat zes aparte projecten, elk met een eigen aannemer, "
                "eigen oplossingen en eigen machines. HDSR koos een andere weg: drie "
                "opdrachtnemers werken in één team met het waterschap aan innovaties die op de "
                "hele dijk toepasbaar zijn. Wie goed presteert, voert daarna twee van de zes "
                "deeltrajecten uit.</p>",
            ),
            (
                "quote",
                {
                    "text": "Een partnerschap loont vooral als er een reeks vergelijkbare "
                    "projecten achter elkaar klaarstaat: dan verdienen de partners hun "
                    "investering terug.",
                    "author": "Contractmanager Sterke Lekdijk (vrij weergegeven)",
                },
            ),
            (
                "key_figures",
                {
                    "figures": [
                        {"value": "55 km", "label": "dijk"},
                        {"value": "6", "label": "deeltrajecten"},
                        {"value": "3", "label": "opdrachtnemers in één team"},
                    ]
                },
            ),
            ("heading", {"text": "Eén pool emissieloos materieel", "level": "h2"}),
            (
                "text",
                "<p>Omdat de partijen samenwerken in plaats van naast elkaar, delen ze ook één "
                "pool elektrische machines voor het hele tracé, tot aan Fort Honswijk bij "
                "Houten.</p>",
            ),
        ],
    },
    "rijkswaterstaat-kustlijnzorg": {
        "title": "Rijkswaterstaat wil van pilots naar opschaling",
        "client": "Rijkswaterstaat",
        "partnership": "emissieloze-kustlijnzorg",
        "procedure_type": P.INNOVATION_PARTNERSHIP,
        "theme": "Emissieloos materieel",
        "region": "Noordzeekust",
        "year": 2022,
        "contractor_count": None,
        "budget_band": "large",
        "summary": (
            "Na ervaring met buyer groups en SBIR zet Rijkswaterstaat een innovatiepartnerschap "
            "in om zandsuppleties langs de kust zonder uitstoot uit te voeren."
        ),
        "body": [
            (
                "text",
                "<p>Rijkswaterstaat probeerde al verschillende vormen van innovatiegericht "
                "inkopen, waaronder een SBIR-traject voor circulaire viaducten. Daarbij betaalt "
                "de dienst haalbaarheidsstudies en prototypes. Voor het onderhoud van de kustlijn "
                "loopt nu een partnerschap: baggeren gebeurt er nog met dieselschepen, en dat moet "
                "emissieloos.</p>",
            ),
            (
                "quote",
                {
                    "text": "We willen niet blijven hangen in losse proeven, maar bewezen "
                    "innovaties doorontwikkelen en breed toepassen. Dat heeft haast.",
                    "author": "Hoofd Innovatie en Markt, Rijkswaterstaat (vrij weergegeven)",
                },
            ),
        ],
    },
    "rijksvastgoedbedrijf-startup-in-residence": {
        "title": "Kleine startopdrachten, snel doorpakken",
        "client": "Rijksvastgoedbedrijf",
        "partnership": None,
        "procedure_type": P.STARTUP_IN_RESIDENCE,
        "theme": "Duurzaam kantoorgebruik",
        "region": "Landelijk",
        "year": 2020,
        "contractor_count": None,
        "budget_band": "small",
        "summary": (
            "In het Startup in Residence-programma gebruikt het Rijksvastgoedbedrijf het "
            "innovatiepartnerschap ook voor opdrachten van € 25.000, om een goede oplossing "
            "meteen te kunnen afnemen."
        ),
        "body": [
            (
                "text",
                "<p>Het RVB vroeg startups hoe kantoren beter en dus duurzamer gebruikt kunnen "
                "worden, goed voor de medewerker en voor de organisatie. Een van de resultaten is "
                "een systeem dat laat zien waar plekken vrij zijn. Een lichtere procedure had "
                "minder papierwerk gekost, maar met het partnerschap kan het RVB na de eerste fase "
                "direct verder en opschalen.</p>",
            ),
            (
                "callout",
                {
                    "title": "De eerste keer kost leertijd",
                    "text": "<p>Nieuwe contracten, nieuwe routines, nieuwe kennis: wie het "
                    "instrument structureel inzet, verdient die tijd later terug.</p>",
                },
            ),
        ],
    },
    "provincie-overijssel-energie-en-bruggen": {
        "title": "Overijssel leert het instrument door het te doen",
        "client": "Provincie Overijssel",
        "partnership": "inspectie-kunstwerken-overijssel",
        "procedure_type": P.INNOVATION_PARTNERSHIP,
        "theme": "Beheer en onderhoud",
        "region": "Overijssel",
        "year": 2020,
        "contractor_count": 3,
        "budget_band": "medium",
        "summary": (
            "De provincie bundelde met regiopartners haar vraag naar energie-innovaties en liet "
            "drie bedrijven een nieuwe manier ontwikkelen om bruggen te inspecteren."
        ),
        "body": [
            (
                "text",
                "<p>Overijssel koos het partnerschap omdat het nauwe samenwerking combineert met "
                "heldere fasen. Bij de Zwartewaterbrug bij Hasselt werd een nieuwe "
                "inspectiemethode beproefd. Voor de energietransitie bundelde de provincie de "
                "vraag van meerdere regionale overheden.</p>",
            ),
            (
                "quote",
                {
                    "text": "Begin bij een inkoopvraag waar mensen zich echt eigenaar van voelen "
                    "en waar je iets kunt bereiken. Daar zit het lastigste stuk.",
                    "author": "Inkopen met Impact, Provincie Overijssel (vrij weergegeven)",
                },
            ),
        ],
    },
    "gemeente-utrecht-samenwerken": {
        "title": "Utrecht: samenwerking is de voorwaarde",
        "client": "Gemeente Utrecht",
        "partnership": None,
        "procedure_type": P.OTHER,
        "theme": "Maatschappelijk verantwoord inkopen",
        "region": "Utrecht",
        "year": 2021,
        "contractor_count": None,
        "budget_band": "",
        "summary": (
            "De gemeente merkt dat aanbestedingsvormen die samenwerking toelaten sneller tot "
            "duurzame oplossingen leiden, ook tussen opdrachtnemers onderling."
        ),
        "body": [
            (
                "text",
                "<p>Voor de MVI-adviseurs van Utrecht is het helder: zonder echte samenwerking "
                "tussen opdrachtgever en markt kom je niet tot duurzame innovatie. Wie bedrijven "
                "uitdaagt om marktkennis in te brengen en te experimenteren, komt sneller verder. "
                "En wanneer opdrachtnemers ook met elkaar optrekken, komen er meer oplossingen "
                "op tafel.</p>",
            ),
        ],
    },
}

RELATED = {
    "hdsr-sterke-lekdijk": [
        "rijkswaterstaat-kustlijnzorg",
        "provincie-overijssel-energie-en-bruggen",
    ],
    "rijkswaterstaat-kustlijnzorg": ["hdsr-sterke-lekdijk"],
    "rijksvastgoedbedrijf-startup-in-residence": ["provincie-overijssel-energie-en-bruggen"],
    "provincie-overijssel-energie-en-bruggen": ["rijksvastgoedbedrijf-startup-in-residence"],
    "gemeente-utrecht-samenwerken": ["hdsr-sterke-lekdijk"],
}

GUIDES = {
    "wanneer-past-het": {
        "title": "Wanneer past een innovatiepartnerschap?",
        "summary": "Als de oplossing nog niet bestaat en u die daarna op schaal wilt afnemen.",
        "body": [
            (
                "text",
                "<p>Met een innovatiepartnerschap laat u een oplossing ontwikkelen én koopt u "
                "die daarna in, zonder tweede aanbesteding. Dat neemt de angst van bedrijven weg "
                "dat een concurrent hun werk in een nieuwe ronde overneemt.</p>",
            ),
            (
                "steps",
                {
                    "steps": [
                        {
                            "title": "Er is een echte ontwikkelvraag",
                            "text": "Wat u zoekt, is nog niet te koop.",
                        },
                        {
                            "title": "U gaat het resultaat echt afnemen",
                            "text": "Bij goed resultaat koopt u in; dat motiveert partners "
                            "om zelf te investeren.",
                        },
                        {
                            "title": "Er is schaal",
                            "text": "Een reeks vergelijkbare opdrachten, of andere "
                            "opdrachtgevers die hun vraag met u bundelen.",
                        },
                    ]
                },
            ),
            (
                "callout",
                {
                    "title": "Meer partners tegelijk",
                    "text": "<p>U mag met meerdere opdrachtnemers beginnen en er onderweg "
                    "afvallen. Zo voorkomt u afhankelijkheid van één leverancier.</p>",
                },
            ),
            (
                "questions",
                {
                    "items": [
                        {
                            "question": "Is het ook geschikt voor kleine opdrachten?",
                            "answer": "<p>Ja. Het Rijksvastgoedbedrijf gebruikt het voor "
                            "startopdrachten van € 25.000, om daarna snel te kunnen opschalen.</p>",
                        },
                        {
                            "question": "Waar staat de procedure in de wet?",
                            "answer": "<p>In artikel 31 van richtlijn 2014/24/EU, in Nederland "
                            "overgenomen in de Aanbestedingswet 2016.</p>",
                        },
                    ]
                },
            ),
        ],
    },
    "grenzen": {
        "title": "De grenzen van het instrument",
        "summary": "Geen wondermiddel: het vraagt schaal, voorbereidingstijd "
        "en budget voor meer partners.",
        "body": [
            ("heading", {"text": "Het bereik is specifiek", "level": "h2"}),
            (
                "text",
                "<p>Het werkt het best als er na de ontwikkeling veel toe te passen valt: zes "
                "dijkvakken, honderden kilometers kademuur, of de gebundelde vraag van meerdere "
                "overheden. Bij één kleine opdracht komt die schaal pas later.</p>",
            ),
            ("heading", {"text": "Voorbereiding kost tijd en geld", "level": "h2"}),
            (
                "text",
                "<p>Marktconsultatie, dialoog en selectie horen erbij. De eerste keer duurt het "
                "langer; met ervaring lijkt het op een gewone aanbesteding. Werkt u met meer "
                "partners, dan betaalt u ieder voor zijn inspanning. Daartegenover staan lagere "
                "inkoopkosten en sneller resultaat, omdat ontwikkelingen parallel lopen.</p>",
            ),
            (
                "key_figures",
                {
                    "figures": [
                        {"value": "2", "label": "belangrijkste beperkingen volgens de pioniers"},
                        {"value": "3", "label": "geslaagde Europese voorbeelden in een EU-studie"},
                    ]
                },
            ),
        ],
    },
    "slim-starten": {
        "title": "Slim starten",
        "summary": "Begin met een pilot, met mensen die ervoor gaan, en zoek collega-overheden op.",
        "body": [
            (
                "steps",
                {
                    "steps": [
                        {
                            "title": "Kies een vraag met eigenaarschap",
                            "text": "Een inkoopvraag waar mensen echt achter staan en waar "
                            "impact te halen is.",
                        },
                        {
                            "title": "Vertaal beleid naar uw eigen opgaven",
                            "text": "Met genoeg geld, ruimte en mensen.",
                        },
                        {
                            "title": "Zoek vraagbundeling",
                            "text": "Regionaal kennen overheden en bedrijven elkaar en de "
                            "opgaven goed.",
                        },
                        {
                            "title": "Kom kijken",
                            "text": "Pioniers nodigen collega's uit voor een kijkje in de keuken.",
                        },
                    ]
                },
            ),
            (
                "callout",
                {
                    "title": "Gewoon doen",
                    "text": "<p>Het instrument leer je vooral door het te gebruiken. Start "
                    "klein, leer, en bouw routines op.</p>",
                },
            ),
        ],
    },
}

LESSONS = {
    "een-materieelpool-vraagt-een-planning": {
        "title": "Een gedeelde materieelpool vraagt één planning",
        "partnership": "sterke-lekdijk",
        "theme": "Emissieloos materieel",
        "phase": "research",
        "context": "<p>Drie aannemers delen elektrische machines voor de hele dijk.</p>",
        "what_worked": "<p>Eén register met boekingen per partij en deeltraject voorkwam "
        "dubbel geboekte graafmachines.</p>",
        "what_did_not": "<p>Afspraken per e-mail liepen snel uit de pas.</p>",
        "advice": "<p>Leg de pool vanaf het begin in één gedeeld systeem vast.</p>",
    },
    "vertrouwelijkheid-vooraf-regelen": {
        "title": "Regel vooraf wat vertrouwelijk blijft",
        "partnership": "sterke-lekdijk",
        "theme": "Samenwerking",
        "phase": "research",
        "context": "<p>Concurrerende opdrachtnemers werken in één team aan oplossingen.</p>",
        "what_worked": "<p>Per stuk vastleggen wie het mag zien, en vrijgeven alleen met "
        "toestemming van de eigenaar.</p>",
        "what_did_not": "<p>Een gedeelde map zonder afspraken zorgde voor "
        "aarzeling om te delen.</p>",
        "advice": "<p>Maak zichtbaarheid een eigenschap van elk document, niet van de map.</p>",
    },
    "inspectie-eerst-op-een-brug": {
        "title": "Beproef een nieuwe methode eerst op één kunstwerk",
        "partnership": "inspectie-kunstwerken-overijssel",
        "theme": "Beheer en onderhoud",
        "phase": "realisation",
        "context": "<p>Een nieuwe inspectiemethode moest zich bewijzen voordat de provincie "
        "haar breed inzet.</p>",
        "what_worked": "<p>Een proef bij één brug gaf snel bruikbare gegevens.</p>",
        "what_did_not": "",
        "advice": "<p>Kies een kunstwerk dat representatief is voor de rest van het areaal.</p>",
    },
}

VISIT = {
    "slug": "kijkje-in-de-keuken-lekdijk",
    "title": "Kijkje in de keuken: de Sterke Lekdijk",
    "partnership": "sterke-lekdijk",
    "place": "Fort Honswijk, Honswijkerdijk, Houten",
    "summary": "Zie hoe drie aannemers en het waterschap samen de dijk versterken, met "
    "elektrische machines uit één pool.",
    "programme": "<ul><li>10.00 ontvangst met koffie</li><li>10.30 hoe het partnerschap "
    "werkt</li><li>11.15 wandeling langs deeltraject 6 en de materieelpool</li><li>12.30 "
    "lunch en vragen</li></ul>",
    "capacity": 25,
}

VISIT_REGISTRATIONS = [
    {
        "name": "Femke de Wit",
        "organisation": "Waterschap Rivierenland",
        "email": "femke.dewit@example.org",
    },
    {
        "name": "Joost Meijer",
        "organisation": "Provincie Gelderland",
        "email": "joost.meijer@example.org",
    },
    {"name": "Sanne Bakker", "organisation": "Gemeente Houten", "email": "s.bakker@example.org"},
]
