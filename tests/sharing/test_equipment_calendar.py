"""iCalendar feeds through a personal secret URL: they parse, and a revoked token answers 404."""

import icalendar
import pytest

from projects import services
from projects.models import CalendarFeed
from tests.factories import at, build_pool

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(ws):
    pool = build_pool(ws)
    for party, day in (("a", "2026-03-02"), ("b", "2026-03-09")):
        services.booking_create(
            item=pool.items["excavator"],
            party=ws.parties[party],
            section=pool.sections[0],
            starts_at=at(day, 7),
            ends_at=at(day, 17),
            purpose=f"Werk {party}",
        )
    return pool


def feed_urls(ws, client, user_key):
    client.force_login(ws.users[user_key])
    base = f"/werkruimte/{ws.partnership.slug}/materieel/agenda/"
    assert client.post(base, {"action": "renew"}).status_code == 302
    context = client.get(base).context
    return context["party_url"], {i.pk: i.feed_url for i in context["items"]}


def test_item_feed_parses_with_icalendar(ws, client, pool):
    party_url, item_urls = feed_urls(ws, client, "a_lead")
    client.logout()  # a calendar app has no session: the token is the key
    response = client.get(item_urls[pool.items["excavator"].pk])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    first = sorted(events, key=lambda e: e.decoded("dtstart"))[0]
    assert first.decoded("dtstart") == at("2026-03-02", 7)
    assert first.decoded("dtend") == at("2026-03-02", 17)
    assert str(first["summary"]) == "E-graver 1 – Aannemer A"


def test_party_feed_holds_only_that_partys_bookings(ws, client, pool):
    party_url, _ = feed_urls(ws, client, "b_member")
    client.logout()
    calendar = icalendar.Calendar.from_ical(client.get(party_url).content)
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["E-graver 1 – Aannemer B"]


def test_revoked_token_answers_404(ws, client, pool):
    party_url, item_urls = feed_urls(ws, client, "a_lead")
    client.post(f"/werkruimte/{ws.partnership.slug}/materieel/agenda/", {"action": "revoke"})
    assert not CalendarFeed.objects.exists()
    client.logout()
    assert client.get(party_url).status_code == 404
    assert client.get(item_urls[pool.items["excavator"].pk]).status_code == 404


def test_renewed_token_replaces_the_old_one(ws, client, pool):
    old_party_url, _ = feed_urls(ws, client, "a_lead")
    new_party_url, _ = feed_urls(ws, client, "a_lead")
    assert old_party_url != new_party_url
    client.logout()
    assert client.get(old_party_url).status_code == 404
    assert client.get(new_party_url).status_code == 200


def test_feed_stops_when_the_party_drops_out(ws, client, pool):
    party_url, _ = feed_urls(ws, client, "b_lead")
    services.party_drop_out(party=ws.parties["b"], reason="No-go")
    client.logout()
    assert client.get(party_url).status_code == 404


def test_unknown_token_answers_404(ws, client, pool):
    url = f"/werkruimte/{ws.partnership.slug}/materieel/agenda/verzonnen/partij-1.ics"
    assert client.get(url).status_code == 404
