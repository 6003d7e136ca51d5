"""Usage hours that hold: no future, no hours outside the booking, at most 24 per
machine per day across all entries; the entering party corrects or removes its
entry (history and Logboek kept) and the CO2 figures recompute. Emission-free
items emit nothing directly; a booking in the past asks for confirmation."""

import datetime
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from projects import selectors
from projects import services as pool_services
from projects.models import EquipmentItem, PartnershipLogEntry, UsageLog, UsageLogRevision
from tests.factories import at, build_pool

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(ws):
    return build_pool(ws)


def book(pool, item="dumper", party="b", start="2026-03-02", end="2026-03-06"):
    return pool_services.booking_create(
        item=pool.items[item],
        party=pool.ws.parties[party],
        section=pool.sections[1],
        starts_at=at(start, 7),
        ends_at=at(end, 17),
        purpose="Grond",
    )


def url(pool, path):
    return f"/werkruimte/{pool.ws.partnership.slug}/{path}"


def test_usage_in_the_future_is_refused(pool):
    today = timezone.localdate()
    booking = book(
        pool, start=str(today - datetime.timedelta(days=1)), end=str(today + datetime.timedelta(3))
    )
    pool_services.usage_log(booking=booking, date=today, hours="4")  # today is fine
    with pytest.raises(ValidationError) as exc:
        pool_services.usage_log(booking=booking, date=today + datetime.timedelta(days=1), hours="4")
    assert "toekomst" in str(exc.value)


def test_usage_outside_the_booking_period_is_refused(pool):
    booking = book(pool)
    with pytest.raises(ValidationError) as exc:
        pool_services.usage_log(booking=booking, date=datetime.date(2026, 3, 9), hours="4")
    assert "binnen de boeking" in str(exc.value)


def test_usage_beyond_24_hours_per_machine_per_day_across_entries_is_refused(pool):
    day = datetime.date(2026, 3, 3)
    first = book(pool, start="2026-03-02", end="2026-03-03")  # ends 3 March 17:00
    # A second party's booking of the same machine on the same day (after 17:00).
    second = pool_services.booking_create(
        item=pool.items["dumper"],
        party=pool.ws.parties["a"],
        section=pool.sections[0],
        starts_at=at("2026-03-03", 17),
        ends_at=at("2026-03-04", 7),
        purpose="Nachtwerk",
    )
    pool_services.usage_log(booking=first, date=day, hours="10")
    pool_services.usage_log(booking=first, date=day, hours="8")
    with pytest.raises(ValidationError) as exc:
        pool_services.usage_log(booking=second, date=day, hours="6.5")
    assert "24 uur per dag" in str(exc.value)
    pool_services.usage_log(booking=second, date=day, hours="6")  # exactly 24 is fine
    assert sum(u.hours for u in UsageLog.objects.filter(date=day)) == Decimal(24)


def test_correction_recomputes_co2_and_keeps_history_and_logboek(pool):
    booking = book(pool)  # HVO dumper: 12.25 / 30 kg CO2 per hour
    usage = pool_services.usage_log(booking=booking, date=datetime.date(2026, 3, 3), hours="8")
    assert usage.co2_kg == Decimal("98.000")
    total = selectors.co2_summary(partnership=pool.ws.partnership).total
    assert total.co2_kg == Decimal("98")
    actor = pool.ws.users["b_member"]
    pool_services.usage_update(
        usage=usage, date=datetime.date(2026, 3, 4), hours="2", note="typfout", actor=actor
    )
    usage.refresh_from_db()
    assert (usage.date, usage.hours, usage.co2_kg, usage.baseline_co2_kg) == (
        datetime.date(2026, 3, 4),
        Decimal("2.00"),
        Decimal("24.500"),
        Decimal("60.000"),
    )
    total = selectors.co2_summary(partnership=pool.ws.partnership).total
    assert (total.hours, total.co2_kg) == (Decimal("2"), Decimal("24.5"))
    [old] = UsageLogRevision.objects.filter(usage=usage)
    assert (old.action, old.hours, old.changed_by) == ("changed", Decimal("8.00"), actor)
    pool_services.usage_remove(usage=usage, actor=actor)
    assert not UsageLog.objects.exists()
    assert selectors.co2_summary(partnership=pool.ws.partnership).total.co2_kg == 0
    assert UsageLogRevision.objects.filter(action="removed", hours=Decimal("2")).exists()
    actions = list(
        PartnershipLogEntry.objects.filter(action__startswith="partnerwerk.usage.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "partnerwerk.usage.add",
        "partnerwerk.usage.change",
        "partnerwerk.usage.remove",
    ]


def test_correction_is_held_to_the_same_daily_limit(pool):
    booking = book(pool)
    day = datetime.date(2026, 3, 3)
    pool_services.usage_log(booking=booking, date=day, hours="20")
    other = pool_services.usage_log(booking=booking, date=datetime.date(2026, 3, 4), hours="3")
    with pytest.raises(ValidationError):
        pool_services.usage_update(usage=other, date=day, hours="5")
    pool_services.usage_update(usage=other, date=day, hours="4")


def test_emission_free_item_cannot_have_direct_emissions(pool):
    with pytest.raises(ValidationError) as exc:
        pool_services.equipment_item_create(
            partnership=pool.ws.partnership,
            name="E-wals",
            category="roller",
            emission_class=EquipmentItem.EmissionClass.ELECTRIC,
            co2_kg_per_hour=Decimal("9.9"),
            baseline_co2_kg_per_hour=Decimal("11.2"),
            contributed_by=pool.ws.parties["a"],
        )
    assert "co2_kg_per_hour" in exc.value.message_dict
    with pytest.raises(ValidationError):
        pool_services.equipment_item_update(item=pool.items["crane"], co2_kg_per_hour=Decimal("1"))


def test_demo_pool_has_no_emission_free_item_with_direct_emissions():
    from projects.demo import POOL

    for line in POOL.strip().splitlines():
        cells = [c.strip() for c in line.split("|")]
        if cells[4] in ("electric", "hydrogen"):
            assert Decimal(cells[7]) == 0, cells[0]


def test_other_party_cannot_correct_or_remove_an_entry(pool, client):
    booking = book(pool)
    usage = pool_services.usage_log(booking=booking, date=datetime.date(2026, 3, 3), hours="8")
    change = url(pool, f"materieel/gebruik/{usage.pk}/wijzigen/")
    remove = url(pool, f"materieel/gebruik/{usage.pk}/verwijderen/")
    for user in ("a_lead", "client_lead", "advisor"):
        client.force_login(pool.ws.users[user])
        assert client.get(change).status_code == 404
        assert client.post(remove).status_code == 404
    assert UsageLog.objects.filter(pk=usage.pk).exists()
    client.force_login(pool.ws.users["b_member"])
    assert client.get(change).status_code == 200
    response = client.post(change, {"date": "2026-03-03", "hours": "30"})
    assert response.status_code == 400 and "24 draaiuren" in response.content.decode()
    assert client.post(change, {"date": "2026-03-03", "hours": "6"}).status_code == 302
    # Removing asks first: the GET is a confirmation page, only the POST removes.
    assert "Draaiuren verwijderen?" in client.get(remove).content.decode()
    assert UsageLog.objects.filter(pk=usage.pk).exists()
    assert client.post(remove).status_code == 302
    assert not UsageLog.objects.filter(pk=usage.pk).exists()


def test_booking_in_the_past_asks_for_confirmation(pool, client):
    client.force_login(pool.ws.users["b_lead"])
    data = {
        "item": pool.items["dumper"].pk,
        "party": pool.ws.parties["b"].pk,
        "section": pool.sections[1].pk,
        "starts_at": "2026-03-02T07:00",
        "ends_at": "2026-03-06T17:00",
        "purpose": "Achteraf vastleggen",
    }
    response = client.post(url(pool, "materieel/boeken/"), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "begint in het verleden" in text and 'type="checkbox"' in text
    assert (
        client.post(url(pool, "materieel/boeken/"), {**data, "confirm_past": "on"}).status_code
        == 302
    )
