"""Demo of demand bundling and the market consultation, written from the seed's two calls.

Overijssel bundles its regional energy question with two other authorities;
an Amsterdam quay-wall need stands beside the Lekdijk need and is found as
similar; a partnership is in its market consultation, with questions from
three candidates and a published nota van inlichtingen. Idempotent.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import services
from .models import (
    BuyerGroupMember,
    Consultation,
    ConsultationNota,
    InnovationDemand,
    Membership,
    Organisation,
    PartnershipIndexPage,
    PartnershipPage,
    Party,
)

User = get_user_model()

# username -> (first, last, authority)
AUTHORITY_PEOPLE = {
    "opdrachtgever": ("Wendy", "Molenaar", "Hoogheemraadschap De Stichtse Rijnlanden"),
    "overijssel": ("Olga", "Oosterveld", "Provincie Overijssel"),
    "zwolle": ("Zeger", "Zandbergen", "Gemeente Zwolle"),
    "twente": ("Tessa", "Tijhuis", "Regio Twente"),
    "amsterdam": ("Amir", "Appel", "Gemeente Amsterdam"),
}

# key -> (author, fields)
NEEDS = {
    "lekdijk": (
        "opdrachtgever",
        {
            "title": "Dijkversterking Lekdijk met emissievrij materieel",
            "question": (
                "We versterken 55 km dijk langs de Lek in zes deeltrajecten. We zoeken "
                "innovatieve manieren om dijken te versterken met minder ruimtebeslag, minder "
                "hinder voor bewoners en emissievrij materieel."
            ),
            "volume": 6,
            "volume_unit": "deeltrajecten",
            "pipeline": "Amerongen – Wijk bij Duurstede\nVreeswijk – Jaarsveld\n"
            "Jaarsveld – Schoonhovenseveer",
            "start_year": 2024,
            "end_year": 2031,
            "budget_band": InnovationDemand.BudgetBand.OVER_25M,
            "theme": "Waterveiligheid",
            "region": "Utrecht",
        },
    ),
    "kademuren": (
        "amsterdam",
        {
            "title": "Vernieuwing en versterking van kademuren",
            "question": (
                "In de binnenstad moet ruim 200 km kademuur worden vernieuwd of versterkt. "
                "We zoeken een snellere aanpak met minder hinder, weinig ruimtebeslag op de "
                "kade en emissievrij materieel op het water."
            ),
            "volume": 200,
            "volume_unit": "km kademuur",
            "pipeline": "Grachtengordel-West\nOude Zijde\nWallen",
            "start_year": 2025,
            "end_year": 2040,
            "budget_band": InnovationDemand.BudgetBand.OVER_25M,
            "theme": "Infrastructuur",
            "region": "Noord-Holland",
        },
    ),
    "energie-overijssel": (
        "overijssel",
        {
            "title": "Regionale energieopslag tegen netcongestie",
            "question": (
                "Het stroomnet in de regio zit vol. We zoeken opslag van energie bij "
                "bedrijventerreinen en zonneparken, zodat bedrijven kunnen blijven groeien."
            ),
            "volume": 6,
            "volume_unit": "opslaglocaties",
            "pipeline": "Zwolle Hessenpoort\nDeventer A1-bedrijvenpark",
            "start_year": 2026,
            "end_year": 2029,
            "budget_band": InnovationDemand.BudgetBand.M5_25,
            "theme": "Energie",
            "region": "Overijssel",
        },
    ),
    "energie-zwolle": (
        "zwolle",
        {
            "title": "Energieopslag voor wijken met zonnepanelen",
            "question": (
                "Wijken met veel zonnepanelen leveren midden op de dag te veel stroom. "
                "Welke opslag van energie in de wijk ontlast het net?"
            ),
            "volume": 3,
            "volume_unit": "opslaglocaties",
            "pipeline": "Stadshagen\nZwolle-Zuid",
            "start_year": 2026,
            "end_year": 2028,
            "budget_band": InnovationDemand.BudgetBand.M1_5,
            "theme": "Energie",
            "region": "Overijssel",
        },
    ),
    "energie-twente": (
        "twente",
        {
            "title": "Energiehubs op bedrijventerreinen in Twente",
            "question": (
                "Bedrijven op onze terreinen wachten op een aansluiting. We zoeken "
                "energiehubs met opslag van energie die bedrijven samen gebruiken."
            ),
            "volume": 4,
            "volume_unit": "opslaglocaties",
            "pipeline": "XL Businesspark Twente\nHengelo Twentekanaal",
            "start_year": 2027,
            "end_year": 2030,
            "budget_band": InnovationDemand.BudgetBand.M5_25,
            "theme": "Energie",
            "region": "Overijssel",
        },
    ),
    "bruggen": (
        "overijssel",
        {
            "title": "Slimme inspectie van bruggen",
            "question": (
                "We inspecteren 40 bruggen en andere kunstwerken. Kunnen sensoren en drones "
                "de inspectie sneller, veiliger en goedkoper maken?"
            ),
            "volume": 40,
            "volume_unit": "bruggen",
            "pipeline": "Zwartewaterbrug Hasselt\nIJsselbrug Deventer",
            "start_year": 2026,
            "budget_band": InnovationDemand.BudgetBand.M1_5,
            "theme": "Beheer en onderhoud",
            "region": "Overijssel",
            "visibility": InnovationDemand.Visibility.AUTHORITIES,
        },
    ),
}

CONSULTATION_SLUG = "emissievrije-kademuren"
CANDIDATES = {
    # username -> (first, last, company, question)
    "gegadigde-1": (
        "Gerrit",
        "Geerts",
        "Kadebouw Noord",
        "Mag materieel 's nachts op het water blijven liggen?",
    ),
    "gegadigde-2": (
        "Hanna",
        "Hoekstra",
        "Waterfront Techniek",
        "Welke bodemgegevens van de grachten stelt de gemeente beschikbaar?",
    ),
    "gegadigde-3": (
        "Ivo",
        "Ismail",
        "Groene Kade Combinatie",
        "Telt een accuponton als emissievrij materieel?",
    ),
}
# (question as published, answer, source candidate)
NOTA_1 = [
    (
        "Mag materieel buiten werktijd op het water blijven liggen?",
        "Ja, afgemeerd op de aangewezen ligplaatsen; de lijst volgt bij de selectie.",
        "gegadigde-1",
    ),
    (
        "Welke bodemgegevens komen beschikbaar?",
        "Sonderingen en peilingen van alle grachten in de pijplijn, bij de start van de dialoog.",
        "gegadigde-2",
    ),
]


def _user(username, first, last, password):
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            email=f"{username}@partnerwerk.example",
            first_name=first,
            last_name=last,
            password=password,
        )
    return user


def ensure_demand(password: str) -> dict:
    people = {}
    for username, (first, last, authority) in AUTHORITY_PEOPLE.items():
        user = _user(username, first, last, password)
        organisation = services.organisation_get_or_create(
            name=authority, kind=Organisation.Kind.AUTHORITY
        )
        services.organisation_member_add(organisation=organisation, user=user)
        people[username] = user
    needs = {}
    for key, (author, fields) in NEEDS.items():
        user = people[author]
        demand = InnovationDemand.objects.filter(title=fields["title"]).first()
        if demand is None:
            organisation = Organisation.objects.get(name=AUTHORITY_PEOPLE[author][2])
            demand = services.demand_create(
                actor=user,
                organisation=organisation,
                contact_name=user.get_full_name(),
                contact_email=user.email,
                **fields,
            )
            services.demand_publish(demand=demand, actor=user)
        needs[key] = demand
    # Overijssel's bundled energy demand: Zwolle and Twente join it.
    for key in ("energie-zwolle", "energie-twente"):
        if not BuyerGroupMember.objects.filter(demand=needs[key]).exists():
            author = people[NEEDS[key][0]]
            services.buyer_group_join(
                own=needs[key], target=needs["energie-overijssel"], actor=author
            )
    return {"people": people, "needs": needs}


def ensure_consultation(password: str) -> Consultation:
    """A quay-wall partnership of Amsterdam in its market consultation."""
    page = PartnershipPage.objects.filter(slug=CONSULTATION_SLUG).first()
    amsterdam = services.organisation_get_or_create(
        name="Gemeente Amsterdam", kind=Organisation.Kind.AUTHORITY
    )
    if page is None:
        index = PartnershipIndexPage.objects.first()
        page = PartnershipPage(
            title="Emissievrije kademuren",
            slug=CONSULTATION_SLUG,
            client_organisation=amsterdam,
            procedure_type=PartnershipPage.Procedure.INNOVATION_PARTNERSHIP,
            theme="Infrastructuur",
            region="Noord-Holland",
            status=PartnershipPage.Status.PROCUREMENT,
            summary=(
                "De gemeente zoekt partners om kademuren sneller en emissievrij te vernieuwen. "
                "Eerst verkent een marktconsultatie wat de markt kan."
            ),
        )
        index.add_child(instance=page)
        page.save_revision().publish()
    client_party = Party.objects.filter(partnership=page, organisation=amsterdam).first()
    if client_party is None:
        client_party = services.party_create(
            partnership=page, organisation=amsterdam, role=Party.Role.CLIENT
        )
    lead = User.objects.get(username="amsterdam")
    if not Membership.objects.filter(partnership=page, user=lead).exists():
        services.membership_add(party=client_party, email=lead.email, role=Membership.Role.LEAD)
    consultation = Consultation.objects.filter(partnership=page).first()
    if consultation is None:
        consultation = services.consultation_open(
            partnership=page,
            actor=lead,
            question_deadline=timezone.now() + datetime.timedelta(days=21),
            intro="Vertel ons wat de markt al kan, en wat nodig is om op te schalen.",
        )
    questions = {}
    for username, (first, last, company, text) in CANDIDATES.items():
        user = _user(username, first, last, password)
        candidate = consultation.candidates.filter(contact=user).first()
        if candidate is None:
            services.candidate_register(
                consultation=consultation, actor=user, organisation_name=company
            )
        question = consultation.questions.filter(asked_by=user).first()
        if question is None:
            question = services.question_ask(consultation=consultation, actor=user, text=text)
        questions[username] = question
    if not ConsultationNota.objects.filter(consultation=consultation).exists():
        for published, answer, source in NOTA_1:
            services.answer_draft(
                consultation=consultation,
                actor=lead,
                question=published,
                answer=answer,
                source=questions[source],
            )
        services.nota_publish(consultation=consultation, actor=lead)
    return consultation
