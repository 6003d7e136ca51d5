"""In Chromium: an authority publishes a need, a second authority finds it from its own need
and joins; the buyer group becomes one partnership with two clients."""

import re

import pytest
from playwright.sync_api import expect

from projects.models import BuyerGroup, InnovationDemand, Party
from tests.factories import PASSWORD, make_demand, org_person, partnership_page


def sign_in(page, base, user, next_url):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_authority_publishes_a_need_another_joins_and_the_group_becomes_a_partnership(
    live_server, new_context
):
    partnership_page(slug="bestaand")
    hdsr = org_person("hdsr-e2e", "Hoogheemraadschap De Stichtse Rijnlanden")
    rivierenland = org_person("wsrl-e2e", "Waterschap Rivierenland")
    own = make_demand(
        rivierenland,
        title="Versterking van de Waaldijken",
        question="De dijken langs de Waal moeten worden versterkt met minder ruimte.",
        volume=30,
        volume_unit="km dijk",
        theme="Waterveiligheid",
    )
    base = live_server.url

    # 1. HDSR drafts and publishes its need.
    first = new_context().new_page()
    sign_in(first, base, hdsr, "/vraagbundeling/nieuw/")
    first.get_by_label("Titel").fill("Dijkversterking Lekdijk")
    first.get_by_label("De vraag").fill(
        "We versterken 55 km dijk langs de Lek en zoeken innovatieve dijkversterking."
    )
    first.get_by_label("Verwachte omvang").fill("6")
    first.get_by_label("Eenheid").fill("deeltrajecten")
    first.get_by_label("Start (jaar)").fill("2026")
    first.get_by_label("Thema").fill("Waterveiligheid")
    first.get_by_label("Contactpersoon", exact=True).fill("Wendy Molenaar")
    first.get_by_label("E-mail contactpersoon").fill("wendy@example.org")
    first.get_by_role("button", name="Opslaan en publiceren").click()
    expect(first.get_by_role("heading", level=1)).to_have_text("Dijkversterking Lekdijk")
    lekdijk = InnovationDemand.objects.get(title="Dijkversterking Lekdijk")
    assert lekdijk.status == InnovationDemand.Status.PUBLISHED

    # 2. Rivierenland finds it from its own need, and joins.
    second = new_context().new_page()
    sign_in(second, base, rivierenland, f"/vraagbundeling/{own.pk}/")
    similar = second.get_by_role("list", name=re.compile("Vergelijkbare vragen"))
    similar.get_by_role("link", name="Dijkversterking Lekdijk").click()
    second.get_by_label("Bundel deze vraag met onze vraag").select_option(str(own.pk))
    second.get_by_role("button", name="Aansluiten bij de kopersgroep").click()
    expect(second.get_by_role("heading", level=1)).to_contain_text("Kopersgroep")
    expect(second.get_by_test_id("volumes")).to_contain_text("6 deeltrajecten")
    expect(second.get_by_test_id("volumes")).to_contain_text("30 km dijk")
    group = BuyerGroup.objects.get()

    # 3. HDSR, the lead, turns the group into one partnership.
    first.goto(f"{base}/vraagbundeling/kopersgroepen/{group.pk}/")
    first.get_by_label("Naam van het partnerschap").fill("Samen sterke rivierdijken")
    first.get_by_role("button", name="Maak er één partnerschap van").click()
    first.wait_for_url(re.compile(r"/werkruimte/samen-sterke-rivierdijken/$"))
    group.refresh_from_db()
    roles = sorted(p.role for p in group.partnership.parties.all())
    assert roles == sorted([Party.Role.CLIENT, Party.Role.CO_CLIENT])
    # The second authority reaches the workspace too.
    second.goto(f"{base}/werkruimte/samen-sterke-rivierdijken/")
    expect(second.get_by_text("Samen sterke rivierdijken").first).to_be_visible()
