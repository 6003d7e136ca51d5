"""Every link that leaves a request is built on PUBLIC_BASE_URL, never on the
asking host or Wagtail's Site record (which says `localhost`)."""

import email
import xml.etree.ElementTree as ET

import icalendar
import pytest

from django.core.cache import cache

from sharing import services
from sharing.models import Scope
from tests.factories import at, build_pool
from tests.portal import public_builders as build

pytestmark = pytest.mark.django_db

BASE = "https://partnerwerk.example.nl"


@pytest.fixture(autouse=True)
def _public_base(settings):
    settings.PUBLIC_BASE_URL = BASE
    settings.VISIT_REGISTRATION_RATE = "5/600"
    cache.clear()


def test_sitemap_locations_carry_public_base_url(client):
    story = build.story("Dijk in de klei")
    body = client.get("/sitemap.xml").content.decode()
    root = ET.fromstring(body)  # noqa: S314 (our own response)
    locations = [el.text for el in root.iter() if el.tag.endswith("loc")]
    assert locations and all(loc.startswith(BASE + "/") for loc in locations)
    assert BASE + story.url in locations
    assert "localhost" not in body


def test_atom_feed_links_carry_public_base_url_with_author_and_summaries(client):
    build.story("Dijk in de klei", summary="Wat de klei ons leerde.")
    build.lesson("Vroeg betrekken", context="<p>Betrek de beheerder vroeg.</p>")
    body = client.get("/feed/").content.decode()
    root = ET.fromstring(body)  # noqa: S314 (our own response)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    hrefs = [link.get("href") for link in root.iter("{http://www.w3.org/2005/Atom}link")]
    assert hrefs and all(h.startswith(BASE + "/") for h in hrefs)
    entries = root.findall("a:entry", ns)
    assert len(entries) == 2
    for entry in entries:
        assert entry.find("a:author/a:name", ns).text
        assert entry.find("a:summary", ns).text.strip()
    assert "localhost" not in body and "testserver" not in body


def test_robots_txt_names_sitemap_on_public_base_url(client):
    assert f"Sitemap: {BASE}/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_visit_mail_and_its_icalendar_carry_public_base_url(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    visit = build.visit()
    visit.save_revision().publish()
    data = {"name": "Anna", "organisation": "Houten", "email": "anna@example.org", "website": ""}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(visit.url, data)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert f"{BASE}{visit.url}" in message.body
    assert f"{BASE}/kijkje/afmelden/" in message.body
    parsed = email.message_from_bytes(message.message().as_bytes())
    [part] = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    [event] = icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")
    assert str(event["url"]) == f"{BASE}{visit.url}"


def test_thread_notification_mail_links_to_public_base_url(
    ws, mailoutbox, django_capture_on_commit_callbacks
):
    lead = ws.users["a_lead"]
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.thread_create(
            partnership=ws.partnership,
            actor=lead,
            owner_party=lead.memberships.get().party,
            title="Draad",
            scope=Scope.SHARED,
            body="Start",
        )
        member = ws.users["client_member"].username
        services.message_post(thread=thread, actor=ws.users["b_lead"], body=f"Hallo @{member}")
    assert mailoutbox
    for message in mailoutbox:
        assert f"{BASE}{thread.get_absolute_url()}#bericht-" in message.body


def test_pool_calendar_feed_addresses_carry_public_base_url(ws, client):
    pool = build_pool(ws)
    client.force_login(ws.users["a_lead"])
    base = f"/werkruimte/{ws.partnership.slug}/materieel/agenda/"
    client.post(base, {"action": "renew"})
    context = client.get(base).context
    assert context["party_url"].startswith(BASE + "/werkruimte/")
    assert all(item.feed_url.startswith(BASE + "/") for item in context["items"])
    assert pool.items and at("2026-03-02")
