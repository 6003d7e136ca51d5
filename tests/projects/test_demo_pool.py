"""The demo's Sterke Lekdijk pool: six sections over 55 km, eight or more emission-free items,
bookings and usage over several months; loading it twice adds nothing."""

import pytest

from django.core.management import call_command

from projects.models import Booking, EquipmentItem, Section, UsageLog

pytestmark = pytest.mark.django_db


def test_demo_pool_has_sections_items_bookings_and_usage_and_is_idempotent():
    call_command("demo", "--force")
    counts = (Section.objects.count(), EquipmentItem.objects.count(), Booking.objects.count())
    usage = UsageLog.objects.count()
    call_command("demo", "--force")
    assert counts == (
        Section.objects.count(),
        EquipmentItem.objects.count(),
        Booking.objects.count(),
    )
    assert usage == UsageLog.objects.count()

    sections = list(Section.objects.filter(partnership__slug="sterke-lekdijk"))
    assert len(sections) == 6
    assert min(s.start_km for s in sections) == 0
    assert max(s.end_km for s in sections) == 55
    assert sum(s.length_km for s in sections) == 55
    zero = EquipmentItem.objects.filter(emission_class__in=EquipmentItem.ZERO_EMISSION)
    assert zero.count() >= 8
    months = {d.strftime("%Y-%m") for d in UsageLog.objects.values_list("date", flat=True)}
    assert len(months) >= 3
    assert Booking.objects.filter(starts_at__month__in=[int(m[5:]) for m in months]).exists()
