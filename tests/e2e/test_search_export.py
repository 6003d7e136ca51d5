"""Acceptance flow: a contractor searches the workspace, filters to documents,
opens one; then exports its own data and downloads the zip."""

import hashlib
import json
import re
import zipfile

import pytest
from playwright.sync_api import expect

from sharing import services
from sharing.models import Scope
from tests.factories import build_workspace, pdf_upload


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_contractor_searches_filters_opens_then_exports_and_downloads(
    live_server, new_context, sign_in, tmp_path
):
    ws = build_workspace()
    slug = ws.partnership.slug
    ws.upload("a_lead", Scope.SHARED, title="Kwelscherm ontwerp A")
    ws.upload("a_lead", Scope.CONFIDENTIAL, title="Kwelscherm kostprijs A")
    services.thread_create(
        partnership=ws.partnership,
        actor=ws.users["b_lead"],
        owner_party=ws.parties["b"],
        title="Overleg kwelschermen",
        scope=Scope.SHARED,
        body="Wanneer plaatsen we het kwelscherm?",
    )
    services.document_upload(
        partnership=ws.partnership,
        actor=ws.users["b_lead"],
        owner_party=ws.parties["b"],
        title="Planning B",
        scope=Scope.INTERNAL,
        upload=pdf_upload("planning.pdf"),
    )

    page = new_context(accept_downloads=True).new_page()
    sign_in(page, ws.users["b_lead"])
    # The search box is on every workspace page.
    page.get_by_role("searchbox", name="Zoeken in de werkruimte").fill("kwelschermen")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.wait_for_url(re.compile(rf"/werkruimte/{slug}/zoeken/\?q="))
    main = page.get_by_role("main")
    expect(main).to_contain_text("Kwelscherm ontwerp A")
    expect(main).to_contain_text("Overleg kwelschermen")
    expect(page.locator("body")).not_to_contain_text("kostprijs")
    expect(main.locator("mark").first).to_be_visible()

    # Filter to documents, then open the one found.
    page.get_by_label("Soort", exact=True).select_option("document")
    page.get_by_role("button", name="Filteren").click()
    expect(main).not_to_contain_text("Overleg kwelschermen")
    expect(page.get_by_text("1 resultaat voor")).to_be_visible()
    page.get_by_role("link", name="Kwelscherm ontwerp A").click()
    page.wait_for_url(re.compile(rf"/werkruimte/{slug}/documenten/\d+/$"))
    expect(page.get_by_role("heading", name="Kwelscherm ontwerp A", level=1)).to_be_visible()

    # Export the party's own data and download the zip.
    page.get_by_role("link", name="Export", exact=True).click()
    expect(page.get_by_role("heading", name="Export van uw gegevens", level=1)).to_be_visible()
    page.get_by_role("button", name="Export maken").click()
    expect(page.get_by_text("De export wordt gemaakt.")).to_be_visible()
    expect(page.get_by_role("button", name="Downloaden")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="Downloaden").click()
    path = tmp_path / "export.zip"
    info.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        for entry in manifest["files"]:
            assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
        names = "\n".join(archive.namelist())
    assert "planning-b" in names and "overleg-kwelschermen" in names
    assert "kwelscherm-ontwerp-a" not in names and "kostprijs" not in names
