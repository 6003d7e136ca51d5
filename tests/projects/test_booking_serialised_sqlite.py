"""On SQLite no double bookings either: BEGIN IMMEDIATE lets one writer in at a time.

The same race as tests/projects/test_booking_concurrency.py (PostgreSQL), run
against the SQLite test database that the threads share.
"""

import pytest

from django.db import connection

from projects import services
from projects.models import Booking
from tests.factories import at, build_pool
from tests.projects.test_booking_concurrency import ATTEMPTS, race


@pytest.mark.django_db(transaction=True)
def test_sqlite_serialises_parallel_overlapping_bookings(ws):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant of the race")
    pool = build_pool(ws)
    periods = [(at("2026-03-02", i % 10), at("2026-03-05", 8 + i % 7)) for i in range(ATTEMPTS)]
    results = race(pool, periods)
    assert [r for r in results if not isinstance(r, Booking | services.BookingConflict)] == []
    assert sum(isinstance(r, Booking) for r in results) == 1
    assert sum(isinstance(r, services.BookingConflict) for r in results) == ATTEMPTS - 1
    assert Booking.objects.blocking().count() == 1
