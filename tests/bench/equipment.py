"""Benchmark: the register (filtered) and the planning page at 10 and at 10,000 bookings.

    TEST_SQLITE_NAME=.test-db-bench.sqlite3 .venv/bin/python -m tests.bench.equipment

Builds a throwaway test database (SQLite, or PostgreSQL when DATABASE_URL is
set), a workspace with 20 items, and first 10, then 10,000 bookings. The 10
bookings lie in the week the pages look at; the other 9,990 lie before and
after it, as a pool's history and plans do. Prints one JSON line: the median
time (ms) of each page at each size and the ratio 10,000 / 10 (target ≤ 2).
"""

import datetime
import json
import os
import statistics
import sys
import time

REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        result = run(Client())
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    sys.stdout.write(json.dumps(result) + "\n")


def run(client) -> dict:
    from decimal import Decimal

    from projects import services
    from projects.models import Booking
    from tests.factories import at, build_pool, build_workspace

    ws = build_workspace(slug="bench")
    pool = build_pool(ws)
    items = list(pool.items.values())
    for n in range(len(items), 20):
        items.append(
            services.equipment_item_create(
                partnership=ws.partnership,
                name=f"E-machine {n:02d}",
                category="excavator" if n % 2 else "dumper",
                emission_class="electric",
                co2_kg_per_hour=Decimal(0),
                baseline_co2_kg_per_hour=Decimal(30),
                contributed_by=ws.parties["client"],
                status="available",
            )
        )
    parties = [ws.parties[k] for k in ("a", "b", "client")]
    week = at("2026-03-02")  # a Monday

    def booking(i, item, start):
        return Booking(
            partnership=ws.partnership,
            item=item,
            party=parties[i % 3],
            section=pool.sections[i % 2],
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=20),
            purpose=f"Boeking {i}",
            status=Booking.Status.APPROVED,
        )

    # The 10 in the week shown: one per item, on the Tuesday.
    Booking.objects.bulk_create(
        [booking(i, items[i], week + datetime.timedelta(days=1)) for i in range(10)]
    )
    slug = ws.partnership.slug
    register = (
        f"/werkruimte/{slug}/materieel/?emission_class=zero_emission"
        "&free_from=2026-03-02&free_to=2026-03-08&sort=-co2"
    )
    planning = f"/werkruimte/{slug}/materieel/planning/?periode=week&datum=2026-03-04"
    client.force_login(ws.users["b_lead"])

    def median_ms(url):
        client.get(url)  # warm up
        times = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        return round(statistics.median(times), 2)

    small = {"register": median_ms(register), "planning": median_ms(planning)}

    # 9,990 more: 20 items x ~500 days, one booking a day, outside the week shown.
    rest, i = [], 10
    for day in range(1, 260):
        for sign in (-1, 1):
            start = week + datetime.timedelta(days=sign * 7 * (sign > 0) + sign * day)
            for item in items:
                if i == 10_000:
                    break
                rest.append(booking(i, item, start))
                i += 1
    Booking.objects.bulk_create(rest, batch_size=2000)
    count = Booking.objects.count()
    large = {"register": median_ms(register), "planning": median_ms(planning)}
    from django.db import connection

    return {
        "benchmark": "equipment",
        "database": connection.vendor,
        "bookings": [10, count],
        "repeat": REPEAT,
        "register_ms": [small["register"], large["register"]],
        "planning_ms": [small["planning"], large["planning"]],
        "register_ratio": round(large["register"] / small["register"], 2),
        "planning_ratio": round(large["planning"] / small["planning"], 2),
    }


if __name__ == "__main__":
    main()
