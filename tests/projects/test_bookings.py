"""Bookings of pool equipment: no overlap, own party only, clear Dutch errors."""

import datetime
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError

from projects import services
from projects.models import Booking, EquipmentItem
from tests.factories import at, build_pool

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(ws):
    return build_pool(ws)


def book(pool, party="a", item="excavator", start=None, end=None, **kw):
    ws = pool.ws
    return services.booking_create(
        item=pool.items[item],
        party=ws.parties[party],
        section=pool.sections[0],
        starts_at=start or at("2026-03-02", 7),
        ends_at=end or at("2026-03-06", 17),
        purpose="Teen ontgraven",
        **kw,
    )


def test_overlapping_booking_of_same_item_is_refused_naming_period_and_party(pool):
    book(pool, "a")
    with pytest.raises(services.BookingConflict) as exc:
        book(
            pool,
            "b",
            start=at("2026-03-06", 8),
            end=at("2026-03-09", 8),
            reveal_party=lambda party: True,
        )
    message = " ".join(exc.value.messages)
    assert "al geboekt van 2 maart 2026 07:00 tot 6 maart 2026 17:00" in message
    assert "Aannemer A" in message
    assert Booking.objects.count() == 1


def test_conflict_hides_party_when_caller_may_not_see_it(pool):
    book(pool, "a")
    with pytest.raises(services.BookingConflict) as exc:
        book(pool, "b")
    message = " ".join(exc.value.messages)
    assert "al geboekt" in message
    assert "Aannemer A" not in message


def test_adjacent_bookings_both_succeed(pool):
    book(pool, "a", start=at("2026-03-02", 7), end=at("2026-03-03", 7))
    book(pool, "b", start=at("2026-03-03", 7), end=at("2026-03-04", 7))
    book(pool, "b", start=at("2026-03-01", 7), end=at("2026-03-02", 7))
    assert Booking.objects.blocking().count() == 3


def test_other_item_same_period_succeeds(pool):
    book(pool, "a", item="excavator")
    book(pool, "b", item="crane")
    assert Booking.objects.count() == 2


def test_cancelled_booking_frees_the_period(pool):
    first = book(pool, "a")
    services.booking_cancel(booking=first, actor=pool.ws.users["a_lead"])
    second = book(pool, "b")
    assert second.status == Booking.Status.APPROVED


def test_pending_booking_blocks_the_period_too(pool):
    services.pool_settings_set(partnership=pool.ws.partnership, requires_approval=True)
    pending = book(pool, "a")
    assert pending.status == Booking.Status.PENDING
    with pytest.raises(services.BookingConflict):
        book(pool, "b")
    services.booking_approve(booking=pending, actor=pool.ws.users["client_lead"])
    pending.refresh_from_db()
    assert pending.status == Booking.Status.APPROVED


def test_end_before_start_is_refused_in_dutch(pool):
    with pytest.raises(ValidationError, match="Het einde moet na het begin liggen"):
        book(pool, start=at("2026-03-06"), end=at("2026-03-02"))


def test_zero_length_period_is_refused_in_dutch(pool):
    with pytest.raises(ValidationError, match="langer duren dan nul minuten"):
        book(pool, start=at("2026-03-06"), end=at("2026-03-06"))


def test_item_in_maintenance_cannot_be_booked(pool):
    services.equipment_item_update(
        item=pool.items["excavator"], status=EquipmentItem.Status.MAINTENANCE
    )
    with pytest.raises(ValidationError, match="in onderhoud"):
        book(pool)


def test_item_of_another_partnership_cannot_be_booked(pool):
    from tests.factories import build_workspace

    other = build_pool(build_workspace(slug="andere-dijk", with_dropped=False))
    with pytest.raises(ValidationError, match="niet bij dit partnerschap"):
        services.booking_create(
            item=other.items["excavator"],
            party=pool.ws.parties["a"],
            section=pool.sections[0],
            starts_at=at("2026-03-02"),
            ends_at=at("2026-03-03"),
            purpose="x",
        )


def test_usage_copies_emission_factors_and_refuses_negative_hours(pool):
    booking = book(pool, "b", item="dumper")
    row = services.usage_log(booking=booking, date=datetime.date(2026, 3, 3), hours="6.5")
    assert row.co2_kg == Decimal("79.625")  # 6.5 h x 12.25 kg
    assert row.baseline_co2_kg == Decimal("195")  # 6.5 h x 30 kg
    with pytest.raises(ValidationError, match="groter zijn dan nul"):
        services.usage_log(booking=booking, date=datetime.date(2026, 3, 3), hours="-2")
    with pytest.raises(ValidationError, match="binnen de boeking"):
        services.usage_log(booking=booking, date=datetime.date(2026, 3, 9), hours="2")


def test_section_km_must_ascend(ws):
    with pytest.raises(ValidationError, match="eindkilometer"):
        services.section_create(
            partnership=ws.partnership, number=1, name="Vak", start_km=5, end_km=5
        )
