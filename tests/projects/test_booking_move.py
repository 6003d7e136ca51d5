"""An item goes into maintenance: its page lists the bookings ahead, and their
parties move them (another period or another item) or cancel them.

A move is held to the rules of a new booking, is logged, goes back to the pool
manager where bookings need approval, and is refused to other parties (404).
"""

import datetime
import re

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from projects import services as pool_services
from projects.models import Booking, EquipmentItem, PartnershipLogEntry
from sharing.services import pool as pool_writes
from tests.factories import build_pool

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(ws):
    return build_pool(ws)


def ahead(days, hours=8):
    start = (timezone.now() + datetime.timedelta(days=days)).replace(
        hour=7, minute=0, second=0, microsecond=0
    )
    return start, start + datetime.timedelta(hours=hours)


def book(pool, item="dumper", party="b", days=3):
    starts_at, ends_at = ahead(days)
    return pool_services.booking_create(
        item=pool.items[item],
        party=pool.ws.parties[party],
        section=pool.sections[1],
        starts_at=starts_at,
        ends_at=ends_at,
        purpose="Grond afvoeren",
    )


def url(pool, path):
    return f"/werkruimte/{pool.ws.partnership.slug}/{path}"


def form_data(item, starts_at, ends_at, **extra):
    fmt = "%Y-%m-%dT%H:%M"
    return {
        "item": item.pk,
        "starts_at": timezone.localtime(starts_at).strftime(fmt),
        "ends_at": timezone.localtime(ends_at).strftime(fmt),
        **extra,
    }


def maintenance(pool, item="dumper"):
    return pool_writes.equipment_item_update(
        item=pool.items[item],
        actor=pool.ws.users["client_lead"],
        status=EquipmentItem.Status.MAINTENANCE,
    )


def test_item_page_lists_the_bookings_ahead_once_the_item_is_in_maintenance(pool, client):
    booking = book(pool)
    past_start = timezone.now() - datetime.timedelta(days=5)
    Booking.objects.create(
        partnership=pool.ws.partnership,
        item=pool.items["dumper"],
        party=pool.ws.parties["b"],
        section=pool.sections[1],
        starts_at=past_start,
        ends_at=past_start + datetime.timedelta(hours=8),
        purpose="Afgelopen",
        status=Booking.Status.APPROVED,
    )
    detail = url(pool, f"materieel/{pool.items['dumper'].pk}/")
    client.force_login(pool.ws.users["b_member"])
    assert "verplaatsen of annuleren" not in client.get(detail).content.decode()

    client.force_login(pool.ws.users["client_lead"])
    response = client.post(
        url(pool, f"materieel/{pool.items['dumper'].pk}/wijzigen/"),
        {
            "name": "HVO-dumper",
            "category": "dumper",
            "emission_class": "hvo",
            "co2_kg_per_hour": "12.25",
            "baseline_co2_kg_per_hour": "30",
            "contributed_by": pool.ws.parties["b"].pk,
            "status": "maintenance",
        },
        follow=True,
    )
    text = response.content.decode()
    assert "Er staat nog 1 boeking op; de partij heeft bericht gekregen." in text
    assert "Dit materieel is in onderhoud. Er staat nog 1 boeking op" in text

    client.force_login(pool.ws.users["b_member"])
    text = client.get(detail).content.decode()
    move = url(pool, f"materieel/boekingen/{booking.pk}/verplaatsen/")
    assert "Dit materieel is in onderhoud" in text and move in text
    # A's member sees the bookings ahead too, but gets no way to move B's.
    client.force_login(pool.ws.users["a_member"])
    text = client.get(detail).content.decode()
    assert "Dit materieel is in onderhoud" in text and move not in text


def test_party_moves_its_booking_to_another_item_and_the_move_is_logged(pool, client):
    booking = book(pool)
    maintenance(pool)
    client.force_login(pool.ws.users["b_member"])
    move = url(pool, f"materieel/boekingen/{booking.pk}/verplaatsen/")
    page = client.get(move)
    assert page.status_code == 200
    # The item in maintenance is no longer a choice.
    select = re.search(r'<select name="item".*?</select>', page.content.decode(), re.S).group(0)
    assert f'value="{pool.items["crane"].pk}"' in select
    assert f'value="{pool.items["dumper"].pk}"' not in select

    response = client.post(move, form_data(pool.items["crane"], booking.starts_at, booking.ends_at))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.item == pool.items["crane"] and booking.status == Booking.Status.APPROVED
    entry = PartnershipLogEntry.objects.get(action="partnerwerk.booking.move")
    assert entry.data["before"]["item"] == "HVO-dumper" and entry.data["item"] == "H2-kraan"
    assert entry.user == pool.ws.users["b_member"]


def test_a_move_is_held_to_the_rules_of_a_new_booking(pool, client):
    theirs = book(pool, item="crane", party="a", days=10)
    mine = book(pool, days=3)
    client.force_login(pool.ws.users["b_lead"])
    move = url(pool, f"materieel/boekingen/{mine.pk}/verplaatsen/")

    # Onto A's booking of the crane: refused, and A is not named to B.
    response = client.post(move, form_data(pool.items["crane"], theirs.starts_at, theirs.ends_at))
    assert response.status_code == 400
    text = response.content.decode()
    assert "al geboekt" in text
    # An end before the start, and a start in the past without confirming.
    response = client.post(move, form_data(pool.items["dumper"], *reversed(ahead(4))))
    assert response.status_code == 400
    assert "Het einde moet na het begin liggen." in response.content.decode()
    past_start = timezone.now() - datetime.timedelta(days=1)
    response = client.post(
        move, form_data(pool.items["dumper"], past_start, past_start + datetime.timedelta(hours=2))
    )
    assert response.status_code == 400 and "begint in het verleden" in response.content.decode()
    mine.refresh_from_db()
    assert (mine.item, mine.starts_at) == (pool.items["dumper"], ahead(3)[0])

    # A free later period on the same item is fine.
    starts_at, ends_at = ahead(20)
    assert client.post(move, form_data(pool.items["dumper"], starts_at, ends_at)).status_code == 302
    mine.refresh_from_db()
    assert (mine.starts_at, mine.ends_at) == (starts_at, ends_at)


def test_other_parties_cannot_move_a_booking_the_pool_manager_can(pool, client):
    booking = book(pool)
    move = url(pool, f"materieel/boekingen/{booking.pk}/verplaatsen/")
    data = form_data(pool.items["dumper"], *ahead(6))
    for user in ("a_lead", "a_member", "advisor", "outsider"):
        client.force_login(pool.ws.users[user])
        assert client.get(move).status_code == 404, user
        assert client.post(move, data).status_code == 404, user
    booking.refresh_from_db()
    assert booking.starts_at == ahead(3)[0]
    client.force_login(pool.ws.users["client_lead"])
    assert client.post(move, data).status_code == 302


def test_moved_booking_waits_for_approval_again_where_the_pool_requires_it(pool):
    booking = book(pool)
    pool_services.pool_settings_set(partnership=pool.ws.partnership, requires_approval=True)
    moved = pool_writes.booking_move(
        booking=booking,
        item=pool.items["dumper"],
        starts_at=ahead(7)[0],
        ends_at=ahead(7)[1],
        actor=pool.ws.users["b_lead"],
    )
    assert moved.status == Booking.Status.PENDING and moved.decided_by is None


def test_cancelled_ended_or_logged_bookings_stay_where_they_are(pool):
    cancelled = book(pool, days=3)
    pool_services.booking_cancel(booking=cancelled)
    now = timezone.now()
    with_hours = pool_services.booking_create(
        item=pool.items["crane"],
        party=pool.ws.parties["b"],
        section=pool.sections[1],
        starts_at=now - datetime.timedelta(hours=30),
        ends_at=now + datetime.timedelta(hours=30),
        purpose="Heien",
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    pool_services.usage_log(booking=with_hours, date=yesterday, hours="1")
    for booking in (cancelled, with_hours):
        with pytest.raises(ValidationError):
            pool_services.booking_move(
                booking=booking,
                item=pool.items["excavator"],
                starts_at=ahead(9)[0],
                ends_at=ahead(9)[1],
            )
