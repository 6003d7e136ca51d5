"""The register, item and planning pages run as many queries at 10 as at 1,000 bookings."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Booking
from tests.factories import at, build_pool

pytestmark = pytest.mark.django_db

DAY0 = at("2026-03-02")


def bulk_bookings(pool, n, offset=0):
    """n bookings of one day each, round-robin over the items, never overlapping."""
    items = list(pool.items.values())
    parties = [pool.ws.parties[k] for k in ("a", "b", "client")]
    Booking.objects.bulk_create(
        [
            Booking(
                partnership=pool.ws.partnership,
                item=items[i % len(items)],
                party=parties[i % len(parties)],
                section=pool.sections[i % 2],
                starts_at=DAY0 + datetime.timedelta(days=i // len(items)),
                ends_at=DAY0 + datetime.timedelta(days=i // len(items) + 1),
                purpose=f"Boeking {i}",
                status=Booking.Status.APPROVED,
            )
            for i in range(offset, offset + n)
        ]
    )


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "path",
    [
        "materieel/",
        "materieel/?free_from=2026-03-03&free_to=2026-03-09&emission_class=zero_emission&sort=-co2",
        "materieel/{item}/",
        "materieel/planning/?periode=week&datum=2026-03-04",
        "materieel/planning/?periode=quarter&datum=2026-03-04",
    ],
)
def test_pool_pages_run_constant_queries(ws, client, path):
    pool = build_pool(ws)
    url = f"/werkruimte/{ws.partnership.slug}/" + path.format(item=pool.items["excavator"].pk)
    client.force_login(ws.users["b_lead"])
    bulk_bookings(pool, 10)
    client.get(url)  # warm caches (content types, site root)
    small = count(client, url)
    bulk_bookings(pool, 990, offset=10)
    assert Booking.objects.count() == 1000
    large = count(client, url)
    print(f"{path}: {small} queries with 10 bookings, {large} with 1,000")  # noqa: T201
    assert large == small, f"{small} queries with 10 bookings, {large} with 1,000"
