"""The register's "free from … to …" filter returns exactly the items one could book.

The period is whole days: free from Monday to Friday means [Monday 00:00,
Saturday 00:00) local time.
"""

import pytest

from projects import services
from projects.filters import EquipmentFilter
from projects.models import EquipmentItem
from tests.factories import at, build_pool

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(ws):
    return build_pool(ws)


def book(pool, item, start, end, party="a"):
    return services.booking_create(
        item=pool.items[item],
        party=pool.ws.parties[party],
        section=pool.sections[0],
        starts_at=start,
        ends_at=end,
        purpose="x",
    )


def free(pool, start="2026-03-02", end="2026-03-06", **extra):
    f = EquipmentFilter(
        {"free_from": start, "free_to": end, **extra},
        queryset=EquipmentItem.objects.filter(partnership=pool.ws.partnership),
        partnership=pool.ws.partnership,
    )
    assert f.is_valid(), f.errors
    return {i.name for i in f.qs}


ALL = {"E-graver 1", "H2-kraan", "HVO-dumper"}


def test_booking_ending_exactly_at_period_start_leaves_item_free(pool):
    book(pool, "excavator", at("2026-02-27", 7), at("2026-03-02", 0))
    assert free(pool) == ALL


def test_booking_starting_exactly_at_period_end_leaves_item_free(pool):
    book(pool, "excavator", at("2026-03-07", 0), at("2026-03-09", 17))
    assert free(pool) == ALL


def test_booking_one_minute_into_the_period_makes_item_busy(pool):
    book(pool, "excavator", at("2026-02-27", 7), at("2026-03-02", 0, 1))
    assert free(pool) == ALL - {"E-graver 1"}


def test_booking_in_last_minute_of_the_period_makes_item_busy(pool):
    book(pool, "crane", at("2026-03-06", 23, 59), at("2026-03-09", 7))
    assert free(pool) == ALL - {"H2-kraan"}


def test_booking_covering_the_whole_period_makes_item_busy(pool):
    book(pool, "dumper", at("2026-02-01"), at("2026-04-01"))
    assert free(pool) == ALL - {"HVO-dumper"}


def test_booking_inside_the_period_makes_item_busy(pool):
    book(pool, "dumper", at("2026-03-04", 10), at("2026-03-04", 12))
    assert free(pool) == ALL - {"HVO-dumper"}


def test_cancelled_booking_does_not_make_item_busy(pool):
    booking = book(pool, "excavator", at("2026-03-03"), at("2026-03-04"))
    services.booking_cancel(booking=booking)
    assert free(pool) == ALL


def test_free_combines_with_category_and_zero_emission(pool):
    book(pool, "crane", at("2026-03-03"), at("2026-03-04"))
    assert free(pool, emission_class="zero_emission") == {"E-graver 1"}
    assert free(pool, emission_class="zero_emission", category="excavator") == {"E-graver 1"}


def test_single_day_period(pool):
    book(pool, "excavator", at("2026-03-02", 7), at("2026-03-02", 9))
    assert free(pool, "2026-03-02", "2026-03-02") == ALL - {"E-graver 1"}
    assert free(pool, "2026-03-03", "2026-03-03") == ALL


def test_end_before_start_is_a_dutch_form_error(pool):
    f = EquipmentFilter(
        {"free_from": "2026-03-06", "free_to": "2026-03-02"},
        queryset=EquipmentItem.objects.all(),
        partnership=pool.ws.partnership,
    )
    assert not f.is_valid()
    assert f.errors["free_to"] == ["De einddatum moet op of na de begindatum liggen."]


def test_items_in_maintenance_or_retired_are_never_free(pool):
    EquipmentItem.objects.filter(pk=pool.items["crane"].pk).update(
        status=EquipmentItem.Status.MAINTENANCE
    )
    EquipmentItem.objects.filter(pk=pool.items["dumper"].pk).update(
        status=EquipmentItem.Status.RETIRED
    )
    assert free(pool) == {"E-graver 1"}
