"""Acceptance flow: aannemer-b finds a free zero-emission excavator for next week, books it,
and sees the booking in the planning."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.demo import ensure_home
from projects.demo import ensure_partnerships, ensure_people, ensure_pool
from tests.factories import PASSWORD


def load_demo_pool():
    """The demo's people and the Sterke Lekdijk pool (sections, items, bookings, usage)."""
    partnerships = ensure_partnerships(ensure_home())
    people = ensure_people(partnerships, PASSWORD)
    ensure_pool(partnerships["sterke-lekdijk"], people)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_contractor_books_free_zero_emission_excavator_next_week(live_server, new_context, sign_in):
    load_demo_pool()
    user = get_user_model().objects.get(username="aannemer-b")
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(days=7)
    friday = monday + datetime.timedelta(days=4)
    base = f"{live_server.url}/werkruimte/sterke-lekdijk/materieel/"

    page = new_context().new_page()
    sign_in(page, user)
    page.goto(base)
    expect(page.get_by_role("heading", name="Materieel", level=1)).to_be_visible()

    # Filter: excavators, zero-emission, free for the whole of next week.
    page.get_by_label("Categorie").select_option(label="Graafmachine")
    page.get_by_label("Emissieklasse").select_option(label="Emissieloos (elektrisch of waterstof)")
    page.get_by_label("Vrij van").fill(monday.isoformat())
    page.get_by_label("tot en met").fill(friday.isoformat())
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_url(re.compile(r"free_from="))
    table = page.get_by_role("table")
    expect(table).to_contain_text("E-graver 02")
    expect(table).to_contain_text("Mobiele E-graver")
    # Booked next week by another contractor, and not an excavator: left out.
    expect(table).not_to_contain_text("E-graver 01")
    expect(table).not_to_contain_text("Waterstofkraan")

    # Book it: the link carries the item and the period.
    page.get_by_role("link", name="Boek E-graver 02").click()
    expect(page.get_by_role("heading", name="Materieel boeken", level=1)).to_be_visible()
    expect(page.get_by_label("Van")).to_have_value(f"{monday.isoformat()}T07:00")
    expect(page.get_by_label("Tot")).to_have_value(f"{friday.isoformat()}T17:00")
    page.get_by_label("Deeltraject").select_option(label="2. Wijk bij Duurstede – Culemborgse Veer")
    page.get_by_label("Doel").fill("Grondverzet buitenberm km 12,1–12,8")
    page.get_by_role("button", name="Boeken", exact=True).click()
    page.wait_for_url(re.compile(r"/materieel/\d+/$"))
    expect(page.get_by_text("Het materieel is geboekt.")).to_be_visible()
    expect(page.get_by_role("heading", name="E-graver 02", level=1)).to_be_visible()

    # The planning of next week shows it, in the SVG and in the text table.
    page.goto(f"{base}planning/?periode=week&datum={monday.isoformat()}")
    rows = page.get_by_role("row").filter(has_text="E-graver 02")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Rivierland Bouw")
    expect(page.locator("svg title").filter(has_text="E-graver 02: Rivierland Bouw")).to_have_count(
        1
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pool_pages_have_no_serious_accessibility_problems(live_server, new_context, sign_in):
    from projects.models import EquipmentItem
    from tests.e2e.test_accessibility import scan

    load_demo_pool()
    item = EquipmentItem.objects.get(name="E-graver 01")
    base = f"{live_server.url}/werkruimte/sterke-lekdijk/"
    page = new_context().new_page()
    sign_in(page, get_user_model().objects.get(username="opdrachtgever"))
    for path in (
        "materieel/",
        "materieel/?category=excavator&free_from=2026-03-02&free_to=2026-03-06",
        f"materieel/{item.pk}/",
        "materieel/boeken/",
        "materieel/planning/?periode=month",
        "materieel/duurzaamheid/",
        "materieel/gebruik/",
        "materieel/agenda/",
        "trajecten/",
        "trajecten/nieuw/",
        "materieel/nieuw/",
        "materieel/beheer/",
        f"materieel/{item.pk}/wijzigen/",
    ):
        page.goto(base + path)
        scan(page, path)
