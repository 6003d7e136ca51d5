"""Acceptance flow: a confidential document stays hidden from the competitor."""

import re

import pytest
from playwright.sync_api import expect

from sharing.demo import _pdf
from tests.factories import build_workspace

TITLE = "Ontwerpnota kwelscherm A"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_confidential_document_visible_to_client_not_to_competitor(
    live_server, new_context, sign_in, tmp_path
):
    ws = build_workspace()
    slug = ws.partnership.slug
    documents_url = f"{live_server.url}/werkruimte/{slug}/documenten/"
    pdf = tmp_path / "ontwerpnota.pdf"
    pdf.write_bytes(_pdf("Ontwerpnota kwelscherm"))

    # Contractor A's lead uploads a confidential document through the form.
    page_a = new_context().new_page()
    sign_in(page_a, ws.users["a_lead"])
    # One workspace only: the sign-in lands on its dashboard.
    expect(page_a.get_by_role("heading", name="Overzicht", level=1)).to_be_visible()
    expect(page_a.get_by_text(f"Ingelogd als {ws.users['a_lead'].username}")).to_be_visible()
    page_a.goto(f"{documents_url}nieuw/")
    expect(page_a.get_by_role("heading", name="Document uploaden", level=1)).to_be_visible()
    page_a.get_by_label("Titel").fill(TITLE)
    page_a.get_by_role("radio", name=re.compile(r"^Vertrouwelijk")).check()
    page_a.get_by_label("Bestand", exact=True).set_input_files(str(pdf))
    page_a.get_by_role("button", name="Uploaden", exact=True).click()

    page_a.wait_for_url(re.compile(rf"/werkruimte/{slug}/documenten/\d+/$"))
    document_url = page_a.url
    expect(page_a.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page_a.get_by_text("Het document is geüpload.")).to_be_visible()
    expect(page_a.get_by_role("main")).to_contain_text("Vertrouwelijk: opdrachtgever en eigenaar")
    expect(page_a.get_by_role("link", name=re.compile(r"^Download versie 1"))).to_be_visible()
    expect(page_a.get_by_role("link", name="ontwerpnota.pdf")).to_be_visible()

    # Contractor B's lead: not in the list, and the URL answers 404.
    page_b = new_context().new_page()
    sign_in(page_b, ws.users["b_lead"])
    page_b.goto(documents_url)
    expect(page_b.get_by_role("heading", name="Documenten", level=1)).to_be_visible()
    expect(page_b.get_by_text("Er zijn nog geen documenten die u kunt zien.")).to_be_visible()
    expect(page_b.get_by_role("main")).not_to_contain_text(TITLE)
    response = page_b.goto(document_url)
    assert response is not None and response.status == 404
    expect(page_b.get_by_role("heading", name="Pagina niet gevonden")).to_be_visible()
    expect(page_b.locator("body")).not_to_contain_text(TITLE)

    # The client's lead sees it in the list and opens it.
    page_c = new_context().new_page()
    sign_in(page_c, ws.users["client_lead"])
    page_c.goto(documents_url)
    link = page_c.get_by_role("link", name=TITLE)
    expect(link).to_be_visible()
    link.click()
    page_c.wait_for_url(document_url)
    expect(page_c.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page_c.get_by_role("main")).to_contain_text("eigenaar: Aannemer A")
    expect(page_c.get_by_role("link", name=re.compile(r"^Download versie 1"))).to_be_visible()
