"""Acceptance flow: a client lead assesses a phase, continues two contractors and stops one.

The stopped contractor sees its own decision and no longer the shared items;
the other contractors see nothing of the stopped one's scores.
"""

import pytest
from playwright.sync_api import expect

from sharing.models import Scope
from tests.factories import build_phases, build_workspace

SHARED = "Planning proefvakken voor iedereen"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_client_assesses_decides_go_for_two_and_stop_for_one(live_server, new_context, sign_in):
    ws = build_workspace()  # contractors A, B and D
    ph = build_phases(ws)
    ws.upload("client_lead", Scope.SHARED, title=SHARED)
    slug = ws.partnership.slug
    phase_url = f"{live_server.url}/werkruimte/{slug}/fasen/{ph.phase.pk}/"

    lead = new_context().new_page()
    sign_in(lead, ws.users["client_lead"], next_url=phase_url)
    expect(lead.get_by_role("heading", name="1. Onderzoek en ontwerp", level=1)).to_be_visible()
    lead.get_by_role("button", name="Fase beëindigen en beoordelen").click()
    expect(lead.get_by_text("In beoordeling", exact=True)).to_be_visible()

    scores = {
        "Aannemer A": {"CO2 per m dijk": "31.7", "geluid": "52", "kosten per m": "8000"},
        "Aannemer B": {"CO2 per m dijk": "77.3", "geluid": "64"},
        "Aannemer D": {"CO2 per m dijk": "38", "geluid": "59"},
    }
    for org, values in scores.items():
        lead.get_by_role("link", name=f"Beoordelen – {org}").click()
        expect(lead.get_by_role("heading", level=1)).to_contain_text(f"{org} beoordelen")
        for measure, value in values.items():
            fieldset = lead.locator("fieldset", has=lead.locator("legend", has_text=measure))
            fieldset.get_by_label("Gemeten waarde").fill(value)
        lead.get_by_role("button", name="Beoordeling opslaan").click()
        expect(lead.get_by_text(f"De beoordeling van {org} is vastgelegd.")).to_be_visible()

    results = lead.locator("table[data-results]")
    expect(results.locator("tr[data-party='Aannemer B']")).to_contain_text("niet gehaald")

    for org, outcome in (("Aannemer A", "Doorgaan"), ("Aannemer D", "Doorgaan"),
                         ("Aannemer B", "Stoppen")):  # fmt: skip
        lead.get_by_role("link", name=f"Besluiten – {org}").click()
        lead.get_by_role("radio", name=outcome).check()
        lead.get_by_label("Motivering", exact=True).fill(f"Besluit over {org} na fase 1.")
        lead.get_by_role("button", name="Besluit vastleggen").click()
        expect(
            lead.get_by_text("Het besluit is genomen; de opdrachtnemer is ingelicht.")
        ).to_be_visible()
        expect(results.locator(f"tr[data-party='{org}']")).to_contain_text(outcome)

    # The stopped contractor: told by the bell, sees its own decision, no longer the shared items.
    b = new_context().new_page()
    sign_in(b, ws.users["b_lead"])
    b.goto(f"{live_server.url}/werkruimte/{slug}/meldingen/")
    b.get_by_role("link", name="Go/no-go na Onderzoek en ontwerp: stoppen").click()
    expect(b.locator("[data-outcome]")).to_have_text("Stoppen")
    expect(b.get_by_role("main")).to_contain_text("Besluit over Aannemer B na fase 1.")
    b.goto(f"{live_server.url}/werkruimte/{slug}/documenten/")
    expect(b.get_by_role("main")).not_to_contain_text(SHARED)
    expect(b.get_by_text("Uw partij is afgevallen.", exact=False)).to_be_visible()

    # The other contractors see nothing of B's scores, nor of each other's.
    for key, own in (("a_lead", "Aannemer A"), ("d_lead", "Aannemer D")):
        page = new_context().new_page()
        sign_in(page, ws.users[key], next_url=phase_url)
        main = page.get_by_role("main")
        expect(main).to_contain_text(own)
        expect(main).not_to_contain_text("Aannemer B")
        expect(main).not_to_contain_text("77,3")
        expect(main).not_to_contain_text("77.3")
        page.goto(f"{live_server.url}/werkruimte/{slug}/fasen/beoordelingen/")
        expect(page.get_by_role("main")).not_to_contain_text("Aannemer B")
        page.goto(f"{live_server.url}/werkruimte/{slug}/documenten/")
        expect(page.get_by_role("main")).to_contain_text(SHARED)
