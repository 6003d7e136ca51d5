"""Demo partnerships, parties and people, written from the seed article."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from . import services
from .models import Membership, Organisation, PartnershipIndexPage, PartnershipPage, Party

User = get_user_model()

PARTNERSHIPS = [
    {
        "slug": "sterke-lekdijk",
        "title": "Sterke Lekdijk",
        "client": "Hoogheemraadschap De Stichtse Rijnlanden",
        "procedure_type": PartnershipPage.Procedure.INNOVATION_PARTNERSHIP,
        "theme": "Waterveiligheid",
        "region": "Utrecht",
        "status": PartnershipPage.Status.RESEARCH,
        "summary": (
            "Het hoogheemraadschap versterkt 55 kilometer Lekdijk tussen Amerongen en "
            "Schoonhoven, verdeeld in zes deeltrajecten. Drie opdrachtnemers ontwikkelen in "
            "één projectteam met de opdrachtgever innovatieve en duurzame oplossingen voor de "
            "hele dijk, en delen één pool emissieloos materieel. Bij goed resultaat realiseert "
            "elke opdrachtnemer twee deeltrajecten."
        ),
    },
    {
        "slug": "emissieloze-kustlijnzorg",
        "title": "Emissieloze kustlijnzorg",
        "client": "Rijkswaterstaat",
        "procedure_type": PartnershipPage.Procedure.INNOVATION_PARTNERSHIP,
        "theme": "Emissieloos materieel",
        "region": "Noordzeekust",
        "status": PartnershipPage.Status.RESEARCH,
        "summary": (
            "Zandsuppleties langs de kust gebeuren nu met dieselschepen en -aggregaten. "
            "Rijkswaterstaat zoekt samen met marktpartijen naar emissieloos materieel om "
            "kustlijnzorg CO2-neutraal te maken, van prototype tot opschaling."
        ),
    },
    {
        "slug": "inspectie-kunstwerken-overijssel",
        "title": "Slimme inspectie van kunstwerken",
        "client": "Provincie Overijssel",
        "procedure_type": PartnershipPage.Procedure.INNOVATION_PARTNERSHIP,
        "theme": "Beheer en onderhoud",
        "region": "Overijssel",
        "status": PartnershipPage.Status.REALISATION,
        "summary": (
            "Een nieuwe methode om bruggen en andere kunstwerken te inspecteren, ontwikkeld "
            "met ingenieursbureaus en data-specialisten en beproefd bij de Zwartewaterbrug "
            "bij Hasselt."
        ),
    },
]

# username -> (first name, last name, partnership slug, organisation, party role, lead?)
PEOPLE = {
    "opdrachtgever": (
        "Wendy",
        "Molenaar",
        "sterke-lekdijk",
        "Hoogheemraadschap De Stichtse Rijnlanden",
        Party.Role.CLIENT,
        True,
    ),
    "hdsr-projectteam": (
        "Pieter",
        "de Waard",
        "sterke-lekdijk",
        "Hoogheemraadschap De Stichtse Rijnlanden",
        Party.Role.CLIENT,
        False,
    ),
    "aannemer-a": (
        "Anouk",
        "Aalbers",
        "sterke-lekdijk",
        "Dijkwerk Combinatie Lek",
        Party.Role.CONTRACTOR,
        True,
    ),
    "medewerker-a": (
        "Ahmed",
        "Amrani",
        "sterke-lekdijk",
        "Dijkwerk Combinatie Lek",
        Party.Role.CONTRACTOR,
        False,
    ),
    "aannemer-b": (
        "Bram",
        "Bosman",
        "sterke-lekdijk",
        "Rivierland Bouw",
        Party.Role.CONTRACTOR,
        True,
    ),
    "aannemer-c": (
        "Carla",
        "Celik",
        "sterke-lekdijk",
        "GroenGrond Infra",
        Party.Role.CONTRACTOR,
        True,
    ),
    "adviseur": (
        "Daan",
        "Dekker",
        "sterke-lekdijk",
        "Kenniscentrum Waterkeringen",
        Party.Role.ADVISOR,
        True,
    ),
}
OTHER_PARTIES = {
    "emissieloze-kustlijnzorg": [
        ("Rijkswaterstaat", Party.Role.CLIENT),
        ("Zeezand Elektrisch", Party.Role.CONTRACTOR),
        ("Kustwerk Waterstof", Party.Role.CONTRACTOR),
    ],
    "inspectie-kunstwerken-overijssel": [
        ("Provincie Overijssel", Party.Role.CLIENT),
        ("Movares", Party.Role.CONTRACTOR),
        ("GeoZICHT", Party.Role.CONTRACTOR),
        ("Sobolt", Party.Role.CONTRACTOR),
    ],
}


@dataclass
class DemoPeople:
    users: dict
    parties: dict  # (slug, organisation name) -> Party


def ensure_partnerships(home) -> dict[str, PartnershipPage]:
    index = PartnershipIndexPage.objects.first()
    if index is None:
        index = PartnershipIndexPage(
            title="Partnerschappen",
            slug="partnerschappen",
            intro="Innovatiepartnerschappen die op Partnerwerk samenwerken en hun lessen delen.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    result = {}
    for spec in PARTNERSHIPS:
        page = PartnershipPage.objects.filter(slug=spec["slug"]).first()
        if page is None:
            client = services.organisation_get_or_create(
                name=spec["client"], kind=Organisation.Kind.AUTHORITY
            )
            page = PartnershipPage(
                title=spec["title"],
                slug=spec["slug"],
                client_organisation=client,
                procedure_type=spec["procedure_type"],
                theme=spec["theme"],
                region=spec["region"],
                status=spec["status"],
                summary=spec["summary"],
            )
            index.add_child(instance=page)
            page.save_revision().publish()
        result[spec["slug"]] = page
    return result


def _party(partnership, name, role) -> Party:
    kind = Organisation.Kind.AUTHORITY if role in Party.CLIENT_ROLES else Organisation.Kind.COMPANY
    if role == Party.Role.ADVISOR:
        kind = Organisation.Kind.KNOWLEDGE
    organisation = services.organisation_get_or_create(name=name, kind=kind)
    party = Party.objects.filter(partnership=partnership, organisation=organisation).first()
    return party or services.party_create(
        partnership=partnership, organisation=organisation, role=role
    )


def ensure_people(partnerships, password: str) -> DemoPeople:
    users, parties = {}, {}
    for username, (first, last, slug, org, role, lead) in PEOPLE.items():
        partnership = partnerships[slug]
        party = _party(partnership, org, role)
        parties[(slug, org)] = party
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                email=f"{username}@partnerwerk.example",
                first_name=first,
                last_name=last,
                password=password,
            )
        if not Membership.objects.filter(partnership=partnership, user=user).exists():
            services.membership_add(
                party=party,
                email=user.email,
                role=Membership.Role.LEAD if lead else Membership.Role.MEMBER,
            )
        users[username] = user
    for slug, specs in OTHER_PARTIES.items():
        for name, role in specs:
            parties[(slug, name)] = _party(partnerships[slug], name, role)

    # The editor works in the Wagtail admin and is a member of no workspace.
    editor = User.objects.filter(username="redacteur").first()
    if editor is None:
        editor = User.objects.create_user(
            username="redacteur",
            email="redacteur@partnerwerk.example",
            first_name="Rosa",
            last_name="Redactie",
            password=password,
        )
    # Wagtail's "Editors" and "Moderators", named in Dutch by portal's 0004 migration.
    editors = Group.objects.filter(name="Redacteuren").first()
    if editors is None:
        editors = Group.objects.create(name="Redacteuren")
        editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    # Moderators (created by Wagtail) approve pages in the moderation workflow,
    # among them the lessons partnerships propose for publication.
    moderators = Group.objects.filter(name="Moderatoren").first()
    if moderators is not None:
        editor.groups.add(moderators)
    users["redacteur"] = editor

    admin = User.objects.filter(username="beheerder").first()
    if admin is None:
        admin = User.objects.create_superuser(
            username="beheerder",
            email="beheerder@partnerwerk.example",
            password=password,
            first_name="Bart",
            last_name="Beheer",
        )
    users["beheerder"] = admin
    return DemoPeople(users, parties)


# --------------------------------------------------------------------------
# Sterke Lekdijk: six sections over 55 km and the shared emission-free pool
# --------------------------------------------------------------------------

LEKDIJK = "Hoogheemraadschap De Stichtse Rijnlanden"
CONTRACTOR_A, CONTRACTOR_B, CONTRACTOR_C = (
    "Dijkwerk Combinatie Lek",
    "Rivierland Bouw",
    "GroenGrond Infra",
)

# number -> (name, from km, to km, contractor or None, status)
SECTIONS = {
    1: ("Amerongen – Wijk bij Duurstede", "0", "10.5", CONTRACTOR_A, "realisation"),
    2: ("Wijk bij Duurstede – Culemborgse Veer", "10.5", "19", CONTRACTOR_B, "realisation"),
    3: ("Culemborgse Veer – Salmsteke", "19", "27", CONTRACTOR_C, "preparation"),
    4: ("Salmsteke – Vreeswijk", "27", "35.5", CONTRACTOR_A, "preparation"),
    5: ("Vreeswijk – Jaarsveld", "35.5", "45", CONTRACTOR_B, "design"),
    6: ("Jaarsveld – Schoonhovenseveer", "45", "55", None, "design"),
}

# One item a line: name | category | make | model | emission class | kW | energy per hour |
# kg CO2 per hour | kg CO2 per hour of the diesel machine it replaces | contributed by |
# status | current section
POOL = """
E-graver 01             | excavator | Volvo           | EC230 Electric   | electric | 160 | 45 kWh    | 0   | 39.8 | A | available   | 1
E-graver 02             | excavator | Liebherr        | R 938 Unplugged  | electric | 190 | 52 kWh    | 0   | 44.5 | B | available   | 2
E-graver 03             | excavator | Komatsu         | PC210LCE         | electric | 123 | 38 kWh    | 0   | 39.8 | H | maintenance |
Mobiele E-graver        | excavator | Wacker Neuson   | EW100 elektrisch | electric | 55  | 17 kWh    | 0   | 18.6 | C | available   | 3
Waterstofkraan          | crane     | Liebherr        | LTM 1050 H2      | hydrogen | 240 | 3,1 kg H2 | 0   | 52.0 | H | available   | 2
E-dumper 1              | dumper    | Wacker Neuson   | DW15e            | electric | 40  | 12 kWh    | 0   | 9.3  | A | available   | 1
E-dumper 2              | dumper    | Wacker Neuson   | DW15e            | electric | 40  | 12 kWh    | 0   | 9.3  | B | available   | 2
E-wals                  | roller    | Hamm            | HD 12e VV        | electric | 24  | 8 kWh     | 0   | 11.2 | C | available   | 3
Elektrische duwboot Lek | vessel    | Concordia Damen | E-pusher 1       | electric | 350 | 110 kWh   | 0   | 85.0 | H | available   |
Accucontainer 500 kWh   | power     | Skoon           | Powerbox 500     | electric | 250 |           | 0   | 21.0 | H | available   | 4
Waterstofaggregaat      | power     | EODev           | GEH2 110         | hydrogen | 100 | 5,5 kg H2 | 0   | 24.0 | B | available   |
HVO-shovel              | loader    | Volvo           | L120H            | hvo      | 200 | 14 l HVO  | 3.9 | 37.1 | C | available   | 3
"""  # noqa: E501
POOL_OWNERS = {"A": CONTRACTOR_A, "B": CONTRACTOR_B, "C": CONTRACTOR_C, "H": LEKDIJK}


def ensure_sections(partnership, parties) -> list:
    from decimal import Decimal

    from .models import Section

    sections = []
    for number, (name, start, end, contractor, status) in SECTIONS.items():
        section = Section.objects.filter(partnership=partnership, number=number).first()
        if section is None:
            section = services.section_create(
                partnership=partnership,
                number=number,
                name=name,
                start_km=Decimal(start),
                end_km=Decimal(end),
                contractor=parties[("sterke-lekdijk", contractor)] if contractor else None,
                status=status,
            )
        sections.append(section)
    return sections


def ensure_pool(partnership, people) -> int:
    """The pool of Sterke Lekdijk with bookings and usage over several months.

    Periods are placed around today (from about four months back to a month
    ahead), so the demo always shows history and plans; run again, it adds
    nothing. Returns the number of new bookings.
    """
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from .models import Booking, EquipmentItem

    sections = ensure_sections(partnership, people.parties)
    by_number = {s.number: s for s in sections}
    party = {
        name: people.parties[("sterke-lekdijk", name)]
        for name in (LEKDIJK, CONTRACTOR_A, CONTRACTOR_B, CONTRACTOR_C)
    }
    items = []
    for line in POOL.strip().splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        name, category, make, model, emission, kw, energy, co2, diesel, owner_key = cells[:10]
        status, section = cells[10], int(cells[11]) if cells[11] else None
        owner = POOL_OWNERS[owner_key]
        item = EquipmentItem.objects.filter(partnership=partnership, name=name).first()
        if item is None:
            item = services.equipment_item_create(
                partnership=partnership,
                name=name,
                category=category,
                make=make,
                model_name=model,
                emission_class=emission,
                power_kw=Decimal(kw),
                energy_per_hour=energy,
                co2_kg_per_hour=Decimal(co2),
                baseline_co2_kg_per_hour=Decimal(diesel),
                contributed_by=party[owner],
                status=EquipmentItem.Status.AVAILABLE,
                current_section=by_number.get(section),
            )
            if status != EquipmentItem.Status.AVAILABLE:
                items.append((item, status))
                continue
        items.append((item, None))
    if Booking.objects.filter(partnership=partnership).exists():
        return 0

    users = people.users
    booker = {
        CONTRACTOR_A: users["aannemer-a"],
        CONTRACTOR_B: users["aannemer-b"],
        CONTRACTOR_C: users["aannemer-c"],
        LEKDIJK: users["opdrachtgever"],
    }
    # Who works where: each contractor on its own sections.
    crews = [(CONTRACTOR_A, 1), (CONTRACTOR_B, 2), (CONTRACTOR_C, 3), (CONTRACTOR_A, 4)]
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    created = 0
    for index, (item, _status) in enumerate(items):
        # Weekly blocks from 17 weeks back to 4 weeks ahead, with gaps that differ per item.
        for week in range(-17, 5):
            if (week + index) % 3 == 0:
                continue
            if item.category == EquipmentItem.Category.EXCAVATOR and week == 1 and index != 0:
                continue  # keep excavators free next week (except the first) for the tour
            crew, number = crews[(week + index) % len(crews)]
            start_day = monday + datetime.timedelta(weeks=week)
            starts_at = datetime.datetime.combine(start_day, datetime.time(7), tzinfo=tz)
            ends_at = datetime.datetime.combine(
                start_day + datetime.timedelta(days=4), datetime.time(17), tzinfo=tz
            )
            booking = services.booking_create(
                item=item,
                party=party[crew],
                section=by_number[number],
                starts_at=starts_at,
                ends_at=ends_at,
                purpose=_purpose(item, number),
                actor=booker[crew],
            )
            created += 1
            if start_day >= today:
                continue
            for day in range(5):
                date = start_day + datetime.timedelta(days=day)
                if date >= today:
                    break
                hours = Decimal(5 + (index + day + week) % 4) + Decimal("0.5") * (day % 2)
                services.usage_log(booking=booking, date=date, hours=hours, actor=booker[crew])
    for item, status in items:
        if status:
            services.equipment_item_update(item=item, status=status)
    return created


def _purpose(item, number) -> str:
    from .models import EquipmentItem

    return {
        EquipmentItem.Category.EXCAVATOR: "Grondverzet binnenberm",
        EquipmentItem.Category.CRANE: "Plaatsen damwandelementen",
        EquipmentItem.Category.DUMPER: "Aanvoer klei",
        EquipmentItem.Category.ROLLER: "Verdichten onderhoudspad",
        EquipmentItem.Category.VESSEL: "Aanvoer materiaal over de Lek",
        EquipmentItem.Category.POWER: "Stroom voor bouwkeet en kleine machines",
        EquipmentItem.Category.LOADER: "Laden en lossen depot",
    }.get(item.category, "Werk aan de dijk") + f", deeltraject {number}"
