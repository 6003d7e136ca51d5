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
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        editors = Group.objects.create(name="Editors")
        editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
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
