"""No double bookings under concurrency, guaranteed by PostgreSQL's exclusion constraint.

Needs DATABASE_URL pointing at PostgreSQL (CI sets it); skipped otherwise,
except that CI=true without PostgreSQL fails instead of skipping.
"""

import os
import threading

import pytest

from django.db import IntegrityError, connection, connections

from projects import services
from projects.models import Booking
from tests.factories import at, build_pool

pytestmark = pytest.mark.postgres

ATTEMPTS = 20


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        reason = "needs PostgreSQL: set DATABASE_URL=postgres://…"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)


def race(pool, periods):
    """Book the excavator once per period, all threads released at the same moment."""
    ws = pool.ws
    parties = [ws.parties["a"], ws.parties["b"]]
    barrier = threading.Barrier(len(periods))
    results: list = [None] * len(periods)

    def attempt(i, start, end):
        try:
            barrier.wait(timeout=30)
            results[i] = services.booking_create(
                item=pool.items["excavator"],
                party=parties[i % 2],
                section=pool.sections[0],
                starts_at=start,
                ends_at=end,
                purpose=f"Poging {i}",
                reveal_party=lambda party: True,
            )
        except Exception as exc:  # noqa: BLE001 - collected and asserted on below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i, s, e)) for i, (s, e) in enumerate(periods)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_overlapping_bookings_end_in_one_booking_and_nineteen_conflicts(ws):
    pool = build_pool(ws)
    # Every attempt overlaps every other one (all contain 4 March 12:00).
    periods = [(at("2026-03-02", i % 10), at("2026-03-05", 8 + i % 7)) for i in range(ATTEMPTS)]
    results = race(pool, periods)
    bookings = [r for r in results if isinstance(r, Booking)]
    conflicts = [r for r in results if isinstance(r, services.BookingConflict)]
    others = [r for r in results if not isinstance(r, Booking | services.BookingConflict)]
    assert others == []
    assert len(bookings) == 1
    assert len(conflicts) == ATTEMPTS - 1
    assert Booking.objects.blocking().count() == 1
    winner = bookings[0]
    for conflict in conflicts:
        message = " ".join(conflict.messages)
        assert "al geboekt van" in message
        assert winner.party.organisation.name in message
        assert conflict.conflict is not None and conflict.conflict.pk == winner.pk


@pytest.mark.django_db(transaction=True)
def test_parallel_adjacent_bookings_both_succeed(ws):
    pool = build_pool(ws)
    periods = [
        (at("2026-03-02", 7), at("2026-03-03", 7)),
        (at("2026-03-03", 7), at("2026-03-04", 7)),
    ]
    results = race(pool, periods)
    assert all(isinstance(r, Booking) for r in results), results
    assert Booking.objects.blocking().count() == 2


@pytest.mark.django_db(transaction=True)
def test_database_refuses_an_overlap_that_bypasses_the_service(ws):
    pool = build_pool(ws)
    fields = {
        "partnership": ws.partnership,
        "item": pool.items["excavator"],
        "party": ws.parties["a"],
        "section": pool.sections[0],
        "purpose": "x",
    }
    Booking.objects.create(starts_at=at("2026-03-02"), ends_at=at("2026-03-04"), **fields)
    with pytest.raises(IntegrityError, match="booking_no_overlap"):
        Booking.objects.create(starts_at=at("2026-03-03"), ends_at=at("2026-03-05"), **fields)
