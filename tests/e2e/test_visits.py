"""Registering for the demo visit in Chromium, with the keyboard alone; axe on every state."""

import re

import pytest
from playwright.sync_api import expect

from portal.models import VisitRegistration
from tests.e2e.test_accessibility import STYLESHEETS, load_demo, loaded_stylesheets, scan, settle

VISIT = "/kijkje-in-de-keuken-lekdijk/"


def tab_to(page, element_id, limit=40):
    """Press Tab until the element has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} never received focus within {limit} tabs")


def start_at_main(page, url):
    page.goto(url)
    settle(page)
    skip_link = page.get_by_role("link", name="Direct naar de inhoud")
    skip_link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_keyboard_only_registration_for_the_demo_visit(live_server, page):
    load_demo()
    url = f"{live_server.url}{VISIT}"
    start_at_main(page, url)
    assert loaded_stylesheets(page) == STYLESHEETS
    expect(page.get_by_role("heading", name="Aanmelden", level=2)).to_be_visible()
    expect(page.get_by_text(re.compile(r"Er zijn nog \d+ plaatsen vrij\."))).to_be_visible()
    scan(page, "visit page with the registration form")

    tab_to(page, "id_name")
    expect(page.get_by_label("Naam", exact=True)).to_be_focused()
    page.keyboard.type("Lotte Verbeek")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Organisatie")).to_be_focused()
    page.keyboard.type("Waterschap Vallei en Veluwe")
    page.keyboard.press("Tab")
    expect(page.get_by_label("E-mailadres")).to_be_focused()
    page.keyboard.type("lotte.verbeek@example.org")
    page.keyboard.press("Enter")

    page.wait_for_url(url)
    expect(page.get_by_role("status")).to_contain_text("U bent aangemeld voor")
    registration = VisitRegistration.objects.get(email="lotte.verbeek@example.org")
    assert registration.status == "confirmed"
    assert registration.organisation == "Waterschap Vallei en Veluwe"
    scan(page, "visit page after registering")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_registration_errors_are_focused_and_accessible(live_server, page):
    load_demo()
    start_at_main(page, f"{live_server.url}{VISIT}")
    tab_to(page, "id_organisation")
    page.keyboard.type("Provincie Utrecht")
    page.keyboard.press("Tab")
    page.keyboard.type("geen-adres")
    page.keyboard.press("Enter")

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Controleer het formulier.")
    # The summary takes focus, so the next thing read out is what to fix.
    expect(summary).to_be_focused()
    expect(page.get_by_role("link", name="Vul uw naam in.")).to_be_visible()
    expect(page.get_by_label("Organisatie")).to_have_value("Provincie Utrecht")
    expect(page.get_by_label("E-mailadres")).to_have_value("geen-adres")
    expect(page.get_by_label("E-mailadres")).to_have_accessible_description(
        re.compile("Vul een geldig e-mailadres in")
    )
    # Following a summary link puts the cursor in the field.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Naam", exact=True)).to_be_focused()
    assert not VisitRegistration.objects.filter(organisation="Provincie Utrecht").exists()
    scan(page, "visit registration form with errors")
