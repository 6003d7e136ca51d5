"""Buyer groups: authorities that agree bundle their needs; a group becomes one partnership."""

import pytest

from django.core.exceptions import PermissionDenied, ValidationError

from projects import selectors_demand, services
from projects.models import BuyerGroup, InnovationDemand, Membership, Party, Phase
from tests.factories import make_demand, org_person, partnership_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundle(db):
    partnership_page(slug="bestaand")  # the site tree with a partnership index
    overijssel = org_person("overijssel", "Provincie Overijssel")
    twente = org_person("twente", "Regio Twente")
    gelderland = org_person("gelderland", "Provincie Gelderland")
    company = org_person("bedrijf", "Energiebedrijf", kind="company")
    needs = {
        "overijssel": make_demand(
            overijssel,
            title="Regionale energieopslag",
            volume=6,
            volume_unit="opslaglocaties",
            pipeline="Zwolle-Oost\nDeventer haven",
            theme="energie",
        ),
        "twente": make_demand(
            twente,
            title="Energieopslag bij bedrijventerreinen",
            volume=4,
            volume_unit="opslaglocaties",
            pipeline="Hengelo XL",
            theme="energie",
        ),
        "gelderland": make_demand(
            gelderland, title="Batterijen voor netcongestie", theme="energie"
        ),
    }
    people = {"overijssel": overijssel, "twente": twente, "gelderland": gelderland}
    people["company"] = company
    return people, needs


def test_authority_joins_an_open_need_and_the_group_shows_combined_volume_and_pipeline(
    bundle, client
):
    people, needs = bundle
    client.force_login(people["twente"])
    page = client.get(f"/vraagbundeling/{needs['overijssel'].pk}/").content.decode()
    assert "Aansluiten bij de kopersgroep" in page
    response = client.post(
        f"/vraagbundeling/{needs['overijssel'].pk}/bundelen/", {"own": needs["twente"].pk}
    )
    group = BuyerGroup.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/vraagbundeling/kopersgroepen/{group.pk}/"
    assert group.lead_organisation.name == "Provincie Overijssel"
    page = client.get(response["Location"]).content.decode()
    assert "10 opslaglocaties" in page
    assert "Zwolle-Oost" in page and "Hengelo XL" in page
    # A third authority joins the same group.
    services.buyer_group_join(
        own=needs["gelderland"], target=needs["twente"], actor=people["gelderland"]
    )
    assert BuyerGroup.objects.count() == 1
    assert group.members.count() == 3


def test_need_closed_to_bundling_cannot_be_joined(bundle):
    people, needs = bundle
    services.demand_update(
        demand=needs["overijssel"], actor=people["overijssel"], open_to_bundling=False
    )
    with pytest.raises(PermissionDenied):
        services.buyer_group_join(
            own=needs["twente"], target=needs["overijssel"], actor=people["twente"]
        )
    assert not BuyerGroup.objects.exists()


def test_authority_cannot_bundle_another_authoritys_need_as_its_own(bundle, client):
    people, needs = bundle
    with pytest.raises(PermissionDenied):
        services.buyer_group_join(
            own=needs["gelderland"], target=needs["overijssel"], actor=people["twente"]
        )
    client.force_login(people["twente"])
    response = client.post(
        f"/vraagbundeling/{needs['overijssel'].pk}/bundelen/", {"own": needs["gelderland"].pk}
    )
    assert response.status_code == 404
    assert not BuyerGroup.objects.exists()


def test_company_cannot_join_or_see_a_buyer_group(bundle, client):
    people, needs = bundle
    group = services.buyer_group_join(
        own=needs["twente"], target=needs["overijssel"], actor=people["twente"]
    )
    client.force_login(people["company"])
    page = client.get(f"/vraagbundeling/{needs['overijssel'].pk}/").content.decode()
    assert "Aansluiten bij de kopersgroep" not in page
    assert "kopersgroepen/" not in page
    assert client.get(f"/vraagbundeling/kopersgroepen/{group.pk}/").status_code == 404


def test_a_need_bundles_in_one_group_only(bundle):
    people, needs = bundle
    services.buyer_group_join(
        own=needs["twente"], target=needs["overijssel"], actor=people["twente"]
    )
    drenthe = make_demand(org_person("drenthe", "Provincie Drenthe"), title="Opslag in Drenthe")
    services.buyer_group_join(own=needs["gelderland"], target=drenthe, actor=people["gelderland"])
    assert BuyerGroup.objects.count() == 2
    with pytest.raises(ValidationError):
        services.buyer_group_join(
            own=needs["twente"], target=needs["gelderland"], actor=people["twente"]
        )


def test_buyer_group_becomes_one_partnership_with_the_lead_as_client_and_others_as_co_clients(
    bundle, client
):
    people, needs = bundle
    group = services.buyer_group_join(
        own=needs["twente"], target=needs["overijssel"], actor=people["twente"]
    )
    # Only the lead authority may convert.
    assert not selectors_demand.may_convert_buyer_group(people["twente"], group)
    client.force_login(people["twente"])
    assert client.post(f"/vraagbundeling/kopersgroepen/{group.pk}/partnerschap/").status_code == 404
    client.force_login(people["overijssel"])
    response = client.post(
        f"/vraagbundeling/kopersgroepen/{group.pk}/partnerschap/",
        {"title": "Energieopslag Oost-Nederland"},
    )
    group.refresh_from_db()
    partnership = group.partnership
    assert response.status_code == 302
    assert response["Location"] == f"/werkruimte/{partnership.slug}/"
    roles = {p.organisation.name: p.role for p in partnership.parties.all()}
    assert roles == {
        "Provincie Overijssel": Party.Role.CLIENT,
        "Regio Twente": Party.Role.CO_CLIENT,
    }
    assert set(Party.objects.filter(partnership=partnership).clients()) == set(
        partnership.parties.all()
    )
    # With the usual phases of its instrument, starting with the demand phase.
    kinds = list(partnership.phases.order_by("order").values_list("kind", flat=True))
    assert kinds[0] == Phase.Kind.DEMAND and Phase.Kind.RESEARCH in kinds
    leads = Membership.objects.filter(partnership=partnership, role=Membership.Role.LEAD)
    assert {m.user.username for m in leads} == {"overijssel", "twente"}
    # Both authorities now reach the workspace.
    assert client.get(response["Location"]).status_code == 200
    client.force_login(people["twente"])
    assert client.get(response["Location"]).status_code == 200
    # Once only.
    with pytest.raises(PermissionDenied):
        services.buyer_group_to_partnership(group=group, actor=people["overijssel"])


def test_query_counts_of_needs_index_and_need_page_do_not_grow(bundle, client):
    people, needs = bundle
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts():
        result = []
        for user in (None, people["twente"]):
            client.logout()
            if user:
                client.force_login(user)
            for url in ("/vraagbundeling/", f"/vraagbundeling/{needs['overijssel'].pk}/"):
                with CaptureQueriesContext(connection) as ctx:
                    assert client.get(url).status_code == 200
                result.append(len(ctx.captured_queries))
        return result

    def add(n, start):
        InnovationDemand.objects.bulk_create(
            [
                InnovationDemand(
                    organisation=needs["gelderland"].organisation,
                    title=f"Energievraag {i}",
                    question="Opslag van energie in de regio",
                    start_year=2027,
                    theme=f"thema {i % 7}",
                    region=f"regio {i % 5}",
                    contact_name="x",
                    contact_email="x@example.org",
                    status=InnovationDemand.Status.PUBLISHED,
                    visibility=InnovationDemand.Visibility.PUBLIC
                    if i % 2
                    else InnovationDemand.Visibility.AUTHORITIES,
                )
                for i in range(start, start + n)
            ]
        )

    add(7, 0)  # 10 needs
    few = counts()
    add(490, 7)  # 500 needs
    many = counts()
    assert few == many
