"""Test data builders, in one place.

`Workspace` builds a partnership with the cast of the access model: a client
party (lead and member), two contractors A and B (lead and member each), an
advisor and a contractor D that dropped out, plus an outsider.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import Page, Site

from portal.models import HomePage
from projects import services as project_services
from projects.models import Membership, PartnershipIndexPage, PartnershipPage, Party
from sharing import services
from sharing.demo import _pdf

User = get_user_model()
PASSWORD = "test-password-123"


def make_user(username: str, **extra):
    return User.objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **extra
    )


def pdf_upload(name="rapport.pdf", text="Rapport"):
    return SimpleUploadedFile(name, _pdf(text), content_type="application/pdf")


def site_tree() -> HomePage:
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    if root is None:
        # Transactional tests flush the database, Wagtail's initial root included.
        from wagtail.models import Locale

        Locale.objects.get_or_create(language_code="nl")
        root = Page.add_root(title="Hoofdniveau", slug="root", locale=Locale.objects.get())
    for page in root.get_children():
        if page.specific_class is Page:
            page.delete()
    home = root.add_child(instance=HomePage(title="Partnerwerk", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "PW"},
    )
    return home


def partnership_page(slug="sterke-lekdijk", title="Sterke Lekdijk") -> PartnershipPage:
    home = site_tree()
    index = PartnershipIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=PartnershipIndexPage(title="Partnerschappen", slug="partnerschappen")
        )
    client = project_services.organisation_get_or_create(name=f"Waterschap {slug}")
    return index.add_child(
        instance=PartnershipPage(
            title=title, slug=slug, client_organisation=client, summary="Samen de dijk versterken."
        )
    )


@dataclass
class Workspace:
    partnership: PartnershipPage
    parties: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)

    def add_party(self, key, name, role):
        org = project_services.organisation_get_or_create(name=name)
        self.parties[key] = project_services.party_create(
            partnership=self.partnership, organisation=org, role=role
        )
        return self.parties[key]

    def add_member(self, key, party_key, lead=False):
        user = make_user(f"{key}-{self.partnership.slug}")
        project_services.membership_add(
            party=self.parties[party_key],
            email=user.email,
            role=Membership.Role.LEAD if lead else Membership.Role.MEMBER,
        )
        self.users[key] = user
        return user

    def upload(self, user_key, scope, title=None, party_key=None):
        user = self.users[user_key]
        party = (
            self.parties[party_key]
            if party_key
            else user.memberships.get(partnership=self.partnership).party
        )
        return services.document_upload(
            partnership=self.partnership,
            actor=user,
            owner_party=party,
            title=title or f"{user_key} {scope}",
            scope=scope,
            upload=pdf_upload(),
        )


def build_workspace(slug="sterke-lekdijk", with_dropped=True) -> Workspace:
    ws = Workspace(partnership_page(slug=slug))
    ws.add_party("client", "Hoogheemraadschap", Party.Role.CLIENT)
    ws.add_party("a", "Aannemer A", Party.Role.CONTRACTOR)
    ws.add_party("b", "Aannemer B", Party.Role.CONTRACTOR)
    ws.add_party("advisor", "Adviesbureau", Party.Role.ADVISOR)
    ws.add_member("client_lead", "client", lead=True)
    ws.add_member("client_member", "client")
    ws.add_member("a_lead", "a", lead=True)
    ws.add_member("a_member", "a")
    ws.add_member("b_lead", "b", lead=True)
    ws.add_member("b_member", "b")
    ws.add_member("advisor", "advisor", lead=True)
    if with_dropped:
        ws.add_party("d", "Aannemer D", Party.Role.CONTRACTOR)
        ws.add_member("d_lead", "d", lead=True)
    ws.users["outsider"] = make_user(f"outsider-{slug}")
    ws.users["superuser"] = User.objects.create_superuser(
        username=f"super-{slug}", email=f"super-{slug}@example.org", password=PASSWORD
    )
    return ws


# --------------------------------------------------------------------------
# The equipment pool
# --------------------------------------------------------------------------


@dataclass
class Pool:
    """Sections and items of a workspace's equipment pool (see `build_pool`)."""

    ws: Workspace
    sections: list = field(default_factory=list)
    items: dict = field(default_factory=dict)


def at(day: str, hour: int = 0, minute: int = 0):
    """An aware local datetime: at("2026-03-02", 7) is 2 March 2026 07:00 in Amsterdam."""
    import datetime

    from django.utils import timezone

    date = datetime.date.fromisoformat(day)
    return datetime.datetime.combine(
        date, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def build_pool(ws: Workspace) -> Pool:
    """Two sections (A's and B's) and three items: an electric excavator (A's),
    a hydrogen crane (the client's) and an HVO dumper (B's)."""
    from decimal import Decimal

    from projects import services as pool_services
    from projects.models import EquipmentItem, Section

    pool = Pool(ws)
    for number, (start, end, party) in enumerate([(0, 9, "a"), (9, 18.5, "b")], start=1):
        pool.sections.append(
            pool_services.section_create(
                partnership=ws.partnership,
                number=number,
                name=f"Vak {number}",
                start_km=Decimal(str(start)),
                end_km=Decimal(str(end)),
                contractor=ws.parties[party],
                status=Section.Status.REALISATION,
            )
        )
    specs = {
        "excavator": ("E-graver 1", "excavator", "electric", "0", "40", "a"),
        "crane": ("H2-kraan", "crane", "hydrogen", "0", "55.5", "client"),
        "dumper": ("HVO-dumper", "dumper", "hvo", "12.25", "30", "b"),
    }
    for key, (name, category, emission, co2, baseline, party) in specs.items():
        pool.items[key] = pool_services.equipment_item_create(
            partnership=ws.partnership,
            name=name,
            category=category,
            emission_class=emission,
            co2_kg_per_hour=Decimal(co2),
            baseline_co2_kg_per_hour=Decimal(baseline),
            contributed_by=ws.parties[party],
            status=EquipmentItem.Status.AVAILABLE,
            power_kw=Decimal("100"),
        )
    return pool


# --------------------------------------------------------------------------
# Innovation needs and buyer groups
# --------------------------------------------------------------------------


def org_person(username: str, organisation_name: str, kind="authority"):
    """A user working for an organisation (created if needed), in no partnership."""
    from projects.models import Organisation

    organisation = project_services.organisation_get_or_create(name=organisation_name, kind=kind)
    if organisation.kind != kind:
        Organisation.objects.filter(pk=organisation.pk).update(kind=kind)
        organisation.kind = kind
    user = make_user(username)
    project_services.organisation_member_add(organisation=organisation, user=user)
    return user


def make_demand(author, *, publish=True, **fields):
    """A need of the author's (first) authority; published unless told otherwise."""
    from projects import selectors_demand

    organisation = selectors_demand.authorities_of(author).first()
    defaults = {
        "title": "Innovatievraag",
        "question": "Wat kan er beter?",
        "start_year": 2027,
        "theme": "waterveiligheid",
        "contact_name": "Contact",
        "contact_email": "contact@example.org",
    }
    defaults.update(fields)
    demand = project_services.demand_create(actor=author, organisation=organisation, **defaults)
    if publish:
        project_services.demand_publish(demand=demand, actor=author)
    return demand


# --------------------------------------------------------------------------
# Phases, targets, assessments, instalments
# --------------------------------------------------------------------------


@dataclass
class Phases:
    phase: object
    co2: object
    noise: object
    only_a: object
    instalments: dict = field(default_factory=dict)


def build_phases(ws: Workspace, *, reduction_allowed=True, four_eyes=False) -> Phases:
    """One R&D phase, started, with two targets for all and one for contractor A only."""
    from decimal import Decimal

    from projects.models import Phase

    lead = ws.users["client_lead"]
    project_services.phase_plan_set(
        partnership=ws.partnership,
        reduction_allowed=reduction_allowed,
        four_eyes=four_eyes,
        actor=lead,
    )
    phase = project_services.phase_create(
        partnership=ws.partnership,
        order=1,
        name="Onderzoek en ontwerp",
        kind=Phase.Kind.RESEARCH,
        budget=Decimal("300000"),
        actor=lead,
    )
    co2 = project_services.target_create(
        phase=phase, measure="CO2 per m dijk", comparator="le", threshold=Decimal("40"),
        unit="kg", actor=lead,
    )  # fmt: skip
    noise = project_services.target_create(
        phase=phase, measure="geluid", comparator="le", threshold=Decimal("60"),
        unit="dB(A)", actor=lead,
    )  # fmt: skip
    only_a = project_services.target_create(
        phase=phase, contractor=ws.parties["a"], measure="kosten per m", comparator="le",
        threshold=Decimal("9000"), unit="€", actor=lead,
    )  # fmt: skip
    instalments = {
        key: project_services.instalment_create(
            phase=phase,
            party=ws.parties[key],
            label=f"Termijn 1 {key.upper()}",
            amount=Decimal("50000"),
            targets=[co2],
            actor=lead,
        )  # fmt: skip
        for key in ("a", "b")
    }
    project_services.phase_move(phase=phase, move="start", actor=lead)
    phase.refresh_from_db()
    return Phases(phase, co2, noise, only_a, instalments)
