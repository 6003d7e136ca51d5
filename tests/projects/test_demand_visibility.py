"""Who sees an innovation need: the rule as a table, then every place a need appears.

need                      anonymous  company  authority  own authority
published, public         yes        yes      yes        yes
published, authorities    no         no       yes        yes
draft                     no         no       no         yes
"""

import pytest

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import translation

from projects import selectors_demand, services
from projects.models import InnovationDemand
from tests.factories import make_demand, org_person, site_tree

pytestmark = pytest.mark.django_db

PUBLIC = InnovationDemand.Visibility.PUBLIC
AUTHORITIES = InnovationDemand.Visibility.AUTHORITIES


@pytest.fixture
def cast(db):
    site_tree()
    people = {
        "author": org_person("auteur", "Waterschap Rivierenland"),
        "colleague": org_person("collega", "Waterschap Rivierenland"),
        "authority": org_person("provincie", "Provincie Gelderland"),
        "company": org_person("bedrijf", "Bouwbedrijf Noord", kind="company"),
        "anonymous": AnonymousUser(),
    }
    needs = {
        "public": make_demand(
            people["author"], title="Openbare dijkvraag", theme="waterveiligheid"
        ),
        "authorities": make_demand(
            people["author"],
            title="Vertrouwelijke kademuurvraag",
            theme="geheimthema",
            region="Geheimregio",
            visibility=AUTHORITIES,
        ),
        "draft": make_demand(people["author"], title="Conceptvraag sluizen", publish=False),
    }
    return people, needs


MATRIX = {
    # viewer: which needs it sees
    "anonymous": {"public"},
    "company": {"public"},
    "authority": {"public", "authorities"},
    "colleague": {"public", "authorities", "draft"},
    "author": {"public", "authorities", "draft"},
}


@pytest.mark.parametrize("viewer", sorted(MATRIX))
def test_visibility_of_needs_follows_the_table(cast, viewer):
    people, needs = cast
    user = people[viewer]
    seen = set(selectors_demand.demands_visible_to(user))
    assert seen == {needs[key] for key in MATRIX[viewer]}
    for key, need in needs.items():
        assert selectors_demand.may_view_demand(user, need) is (key in MATRIX[viewer])


@pytest.mark.parametrize("viewer", ["anonymous", "company"])
def test_authorities_only_need_is_invisible_to_companies_and_anonymous_in_the_list(
    cast, client, viewer
):
    people, needs = cast
    if viewer != "anonymous":
        client.force_login(people[viewer])
    page = client.get("/vraagbundeling/").content.decode()
    assert "Openbare dijkvraag" in page
    assert "Vertrouwelijke kademuurvraag" not in page
    assert "Conceptvraag" not in page
    # Not counted, and not even among the filter choices.
    assert "1 innovatievraag" in page
    assert "geheimthema" not in page and "Geheimregio" not in page
    assert client.get(f"/vraagbundeling/{needs['authorities'].pk}/").status_code == 404
    assert client.get(f"/vraagbundeling/{needs['draft'].pk}/").status_code == 404


def test_authority_member_sees_authorities_only_need_in_the_list(cast, client):
    people, needs = cast
    client.force_login(people["authority"])
    page = client.get("/vraagbundeling/").content.decode()
    assert "Vertrouwelijke kademuurvraag" in page
    assert "Conceptvraag" not in page
    assert client.get(f"/vraagbundeling/{needs['authorities'].pk}/").status_code == 200
    assert client.get(f"/vraagbundeling/{needs['draft'].pk}/").status_code == 404


@pytest.mark.parametrize("viewer", ["anonymous", "company"])
def test_authorities_only_need_is_invisible_to_companies_and_anonymous_in_search(
    cast, client, viewer
):
    people, _needs = cast
    if viewer != "anonymous":
        client.force_login(people[viewer])
    page = client.get("/zoeken/", {"q": "kademuren"}).content.decode()
    assert "Vertrouwelijke kademuurvraag" not in page
    page = client.get("/zoeken/", {"q": "dijken"}).content.decode()
    assert "Openbare dijkvraag" in page  # "dijken" finds "dijk" by its stem


def test_authority_member_finds_authorities_only_need_in_search(cast, client):
    people, _needs = cast
    client.force_login(people["authority"])
    page = client.get("/zoeken/", {"q": "kademuren"}).content.decode()
    assert "Vertrouwelijke kademuurvraag" in page


@pytest.mark.parametrize("viewer", ["anonymous", "company"])
def test_authorities_only_need_is_invisible_to_companies_and_anonymous_in_the_feed(
    cast, client, viewer
):
    people, needs = cast
    if viewer != "anonymous":
        client.force_login(people[viewer])
    feed = client.get("/feed/").content.decode()
    assert "Openbare dijkvraag" in feed
    assert f"/vraagbundeling/{needs['public'].pk}/" in feed
    assert "Vertrouwelijke kademuurvraag" not in feed
    assert f"/vraagbundeling/{needs['authorities'].pk}/" not in feed
    assert "Conceptvraag" not in feed


@pytest.mark.parametrize("viewer", ["anonymous", "company"])
def test_authorities_only_need_is_invisible_to_companies_and_anonymous_in_the_sitemap(
    cast, client, viewer
):
    people, needs = cast
    if viewer != "anonymous":
        client.force_login(people[viewer])
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/vraagbundeling/{needs['public'].pk}/" in sitemap
    assert f"/vraagbundeling/{needs['authorities'].pk}/" not in sitemap
    assert f"/vraagbundeling/{needs['draft'].pk}/" not in sitemap


def test_need_leaves_the_cached_feed_when_it_becomes_authorities_only(cast, client):
    people, needs = cast
    assert "Openbare dijkvraag" in client.get("/feed/").content.decode()
    services.demand_update(demand=needs["public"], actor=people["author"], visibility=AUTHORITIES)
    assert "Openbare dijkvraag" not in client.get("/feed/").content.decode()


# --------------------------------------------------------------------------
# Authoring
# --------------------------------------------------------------------------


def test_company_member_cannot_author_a_need(cast, client):
    people, needs = cast
    client.force_login(people["company"])
    assert client.get("/vraagbundeling/nieuw/").status_code == 404
    assert "Nieuwe innovatievraag" not in client.get("/vraagbundeling/").content.decode()
    company = selectors_demand.Organisation.objects.get(name="Bouwbedrijf Noord")
    with pytest.raises(PermissionDenied):
        services.demand_create(
            actor=people["company"],
            organisation=company,
            title="x",
            question="x",
            start_year=2027,
            theme="x",
            contact_name="x",
            contact_email="x@example.org",
        )


def test_other_authority_cannot_edit_or_publish_a_need(cast, client):
    people, needs = cast
    client.force_login(people["authority"])
    assert client.get(f"/vraagbundeling/{needs['public'].pk}/bewerken/").status_code == 404
    assert client.post(f"/vraagbundeling/{needs['draft'].pk}/publiceren/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.demand_publish(demand=needs["draft"], actor=people["authority"])
    needs["draft"].refresh_from_db()
    assert needs["draft"].status == InnovationDemand.Status.DRAFT


def test_authority_member_drafts_and_publishes_a_need(cast, client):
    people, _needs = cast
    client.force_login(people["authority"])
    form = client.get("/vraagbundeling/nieuw/")
    assert form.status_code == 200
    organisation = selectors_demand.authorities_of(people["authority"]).get()
    response = client.post(
        "/vraagbundeling/nieuw/",
        {
            "organisation": organisation.pk,
            "title": "Slimme inspectie van bruggen",
            "question": "Hoe inspecteren we 40 bruggen sneller?",
            "volume": "40",
            "volume_unit": "bruggen",
            "pipeline": "Brug A\nBrug B",
            "start_year": "2027",
            "end_year": "2030",
            "budget_band": "1-5m",
            "theme": "bruggen",
            "region": "Gelderland",
            "contact_name": "Jan",
            "contact_email": "jan@example.org",
            "visibility": "public",
            "open_to_bundling": "on",
        },
    )
    assert response.status_code == 302
    demand = InnovationDemand.objects.get(title="Slimme inspectie van bruggen")
    assert demand.status == InnovationDemand.Status.DRAFT
    assert demand.created_by == people["authority"]
    anonymous_view = client.__class__()
    assert anonymous_view.get(demand.get_absolute_url()).status_code == 404
    client.post(f"/vraagbundeling/{demand.pk}/publiceren/")
    assert anonymous_view.get(demand.get_absolute_url()).status_code == 200
    page = anonymous_view.get(demand.get_absolute_url()).content.decode()
    assert "40 bruggen" in page and "Brug B" in page


def test_filters_narrow_the_needs_index(cast, client):
    people, _needs = cast
    make_demand(people["authority"], title="Energie in de regio", theme="energie", region="Oost")
    page = client.get("/vraagbundeling/", {"theme": "energie"}).content.decode()
    assert "Energie in de regio" in page and "Openbare dijkvraag" not in page
    author_org = people["author"].organisation_memberships.get().organisation_id
    page = client.get("/vraagbundeling/", {"authority": author_org}).content.decode()
    assert "Energie in de regio" not in page and "Openbare dijkvraag" in page
    page = client.get("/vraagbundeling/", {"year": "2031"}).content.decode()
    assert "Energie in de regio" not in page


def test_needs_index_in_english(cast, client):
    # The request activates English in this thread; give the next tests Dutch back.
    with translation.override("nl"):
        client.post("/i18n/setlang/", {"language": "en", "next": "/vraagbundeling/"})
        page = client.get("/vraagbundeling/").content.decode()
    assert "Demand bundling: innovation needs of authorities" in page
    assert "1 innovation need" in page
    assert "Vraagbundeling: innovatievragen" not in page
