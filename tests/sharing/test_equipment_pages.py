"""The pool over HTTP: who sees it, who changes it, who books for whom, and bad input."""

import pytest

from projects import services as pool_services
from projects.models import Booking, EquipmentItem
from tests.factories import at, build_pool

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(ws):
    pool_services.party_drop_out(party=ws.parties["d"], reason="No-go na fase 1")
    return build_pool(ws)


def url(pool, path=""):
    return f"/werkruimte/{pool.ws.partnership.slug}/{path}"


def booking_post(pool, **overrides):
    data = {
        "item": pool.items["excavator"].pk,
        "party": pool.ws.parties["b"].pk,
        "section": pool.sections[1].pk,
        "starts_at": "2026-03-02T07:00",
        "ends_at": "2026-03-06T17:00",
        "purpose": "Teen ontgraven",
        "confirm_past": "on",  # these periods lie in the past now
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("user", ["client_lead", "client_member", "a_lead", "b_member", "advisor"])
@pytest.mark.parametrize(
    "path", ["materieel/", "materieel/planning/", "materieel/duurzaamheid/", "trajecten/"]
)
def test_every_active_party_sees_the_pool(pool, client, user, path):
    client.force_login(pool.ws.users[user])
    assert client.get(url(pool, path)).status_code == 200


@pytest.mark.parametrize("user", ["d_lead", "outsider"])
def test_dropped_out_party_and_outsider_do_not_see_the_pool(pool, client, user):
    client.force_login(pool.ws.users[user])
    for path in ("materieel/", "materieel/planning/", "trajecten/", "materieel/boeken/"):
        assert client.get(url(pool, path)).status_code == 404


def test_every_active_party_sees_the_bookings_and_who_booked(pool, client):
    pool_services.booking_create(
        item=pool.items["excavator"],
        party=pool.ws.parties["a"],
        section=pool.sections[0],
        starts_at=at("2026-03-02", 7),
        ends_at=at("2026-03-03", 7),
        purpose="Kistdam",
    )
    client.force_login(pool.ws.users["b_member"])
    response = client.get(url(pool, f"materieel/{pool.items['excavator'].pk}/"))
    assert "Aannemer A" in response.content.decode()


@pytest.mark.parametrize("user", ["a_lead", "b_member", "advisor", "client_member"])
def test_only_the_pool_manager_changes_items(pool, client, user):
    client.force_login(pool.ws.users[user])
    item = pool.items["excavator"]
    assert client.get(url(pool, "materieel/nieuw/")).status_code == 404
    response = client.post(url(pool, f"materieel/{item.pk}/wijzigen/"), {"name": "Gekaapt"})
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.name == "E-graver 1"


def test_pool_manager_adds_an_item(pool, client):
    client.force_login(pool.ws.users["client_lead"])
    response = client.post(
        url(pool, "materieel/nieuw/"),
        {
            "name": "E-wals",
            "category": "roller",
            "emission_class": "electric",
            "co2_kg_per_hour": "0",
            "baseline_co2_kg_per_hour": "18",
            "contributed_by": pool.ws.parties["b"].pk,
            "status": "available",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert EquipmentItem.objects.filter(name="E-wals").exists()


def test_contractor_books_for_own_party(pool, client):
    client.force_login(pool.ws.users["b_member"])
    response = client.post(url(pool, "materieel/boeken/"), booking_post(pool))
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.party == pool.ws.parties["b"]
    assert booking.created_by == pool.ws.users["b_member"]


def test_contractor_cannot_book_for_another_party(pool, client):
    client.force_login(pool.ws.users["b_lead"])
    response = client.post(
        url(pool, "materieel/boeken/"), booking_post(pool, party=pool.ws.parties["a"].pk)
    )
    assert response.status_code == 400
    assert "U kunt alleen voor uw eigen partij boeken." in response.content.decode()
    assert not Booking.objects.exists()


def test_dropped_out_party_cannot_book_over_http(pool, client):
    client.force_login(pool.ws.users["d_lead"])
    response = client.post(
        url(pool, "materieel/boeken/"), booking_post(pool, party=pool.ws.parties["d"].pk)
    )
    assert response.status_code == 404
    assert not Booking.objects.exists()


def test_advisor_cannot_book(pool, client):
    client.force_login(pool.ws.users["advisor"])
    response = client.post(
        url(pool, "materieel/boeken/"), booking_post(pool, party=pool.ws.parties["advisor"].pk)
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"starts_at": "2026-03-06T07:00", "ends_at": "2026-03-02T07:00"},
            "Het einde moet na het begin liggen.",
        ),
        (
            {"starts_at": "2026-03-06T07:00", "ends_at": "2026-03-06T07:00"},
            "Een boeking moet langer duren dan nul minuten.",
        ),
        ({"item": "999999"}, "Dit materieel bestaat niet in deze pool"),
        ({"item": "abc"}, "Dit materieel bestaat niet in deze pool"),
        ({"section": "999999"}, "Dit deeltraject bestaat niet."),
        ({"party": "999999"}, "U kunt alleen voor uw eigen partij boeken."),
        ({"starts_at": "gisteren"}, "Geef een geldige datum en tijd"),
        ({"purpose": ""}, "Geef het doel van de boeking."),
    ],
)
def test_bad_booking_input_gives_dutch_error_not_500(pool, client, overrides, message):
    client.force_login(pool.ws.users["b_lead"])
    response = client.post(url(pool, "materieel/boeken/"), booking_post(pool, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_conflict_over_http_names_period_and_party(pool, client):
    pool_services.booking_create(
        item=pool.items["excavator"],
        party=pool.ws.parties["a"],
        section=pool.sections[0],
        starts_at=at("2026-03-04", 7),
        ends_at=at("2026-03-10", 17),
        purpose="Kistdam",
    )
    client.force_login(pool.ws.users["b_lead"])
    response = client.post(url(pool, "materieel/boeken/"), booking_post(pool))
    assert response.status_code == 400
    text = response.content.decode()
    assert "al geboekt van 4 maart 2026 07:00 tot 10 maart 2026 17:00 door Aannemer A" in text


def test_negative_hours_give_dutch_error(pool, client):
    booking = pool_services.booking_create(
        item=pool.items["dumper"],
        party=pool.ws.parties["b"],
        section=pool.sections[1],
        starts_at=at("2026-03-02", 7),
        ends_at=at("2026-03-03", 17),
        purpose="Grond",
    )
    client.force_login(pool.ws.users["b_member"])
    for hours in ("-3", "0", "veel"):
        response = client.post(
            url(pool, f"materieel/boekingen/{booking.pk}/uren/"),
            {"date": "2026-03-02", "hours": hours},
        )
        assert response.status_code == 400
        text = response.content.decode()
        assert "groter zijn dan nul" in text or "Geef een getal" in text
    response = client.post(
        url(pool, f"materieel/boekingen/{booking.pk}/uren/"), {"date": "2026-03-02", "hours": "7"}
    )
    assert response.status_code == 302


def test_other_party_cannot_cancel_or_log_on_a_booking(pool, client):
    booking = pool_services.booking_create(
        item=pool.items["dumper"],
        party=pool.ws.parties["b"],
        section=pool.sections[1],
        starts_at=at("2026-03-02", 7),
        ends_at=at("2026-03-03", 17),
        purpose="Grond",
    )
    client.force_login(pool.ws.users["a_lead"])
    assert client.post(url(pool, f"materieel/boekingen/{booking.pk}/annuleren/")).status_code == 404
    assert (
        client.post(url(pool, f"materieel/boekingen/{booking.pk}/goedkeuren/")).status_code == 404
    )
    assert client.get(url(pool, f"materieel/boekingen/{booking.pk}/uren/")).status_code == 404
    client.force_login(pool.ws.users["b_member"])
    assert client.post(url(pool, f"materieel/boekingen/{booking.pk}/annuleren/")).status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


@pytest.mark.parametrize(
    "query",
    [
        "periode=jaar",
        "datum=2026-13-45",
        "datum=morgen",
        "periode=quarter&datum=2026-02-30",
    ],
)
def test_bad_planning_input_gives_dutch_error_not_500(pool, client, query):
    client.force_login(pool.ws.users["a_lead"])
    response = client.get(url(pool, f"materieel/planning/?{query}"))
    assert response.status_code == 200
    assert "Kies als periode" in response.content.decode() or "geldige datum" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "query",
    [
        "free_from=2026-03-10&free_to=2026-03-02",
        "free_from=2026-03-10",
        "free_from=nooit&free_to=2026-03-02",
        "contributed_by=999999",
        "current_section=abc",
        "sort=onzin",
        "pagina=999",
    ],
)
def test_bad_register_filters_give_dutch_errors_not_500(pool, client, query):
    client.force_login(pool.ws.users["a_lead"])
    response = client.get(url(pool, f"materieel/?{query}"))
    assert response.status_code == 200


def test_unknown_usage_filter_is_a_dutch_error(pool, client):
    client.force_login(pool.ws.users["a_lead"])
    response = client.get(url(pool, "materieel/gebruik/?item=999999&month=2026-99"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "bestaat niet in deze pool" in text
    assert "Geef de maand als jjjj-mm" in text


def test_client_lead_adds_and_changes_sections_contractor_cannot(pool, client):
    data = {"number": 3, "name": "Vak 3", "start_km": "18.5", "end_km": "27", "status": "design"}
    client.force_login(pool.ws.users["a_lead"])
    assert client.post(url(pool, "trajecten/nieuw/"), data).status_code == 404
    client.force_login(pool.ws.users["client_lead"])
    assert client.post(url(pool, "trajecten/nieuw/"), data).status_code == 302
    bad = {**data, "number": 4, "start_km": "30", "end_km": "29"}
    response = client.post(url(pool, "trajecten/nieuw/"), bad)
    assert response.status_code == 400
    assert "De eindkilometer moet na de beginkilometer liggen." in response.content.decode()
    page = client.get(url(pool, "trajecten/")).content.decode()
    assert "<svg" in page and "Vak 3" in page and "Aannemer B" in page


def test_pool_manager_asks_for_approval_and_approves(pool, client):
    manage = url(pool, "materieel/beheer/")
    client.force_login(pool.ws.users["a_lead"])
    assert client.get(manage).status_code == 404
    assert client.post(manage, {"requires_approval": "on"}).status_code == 404
    client.force_login(pool.ws.users["client_lead"])
    assert client.post(manage, {"requires_approval": "on"}).status_code == 302

    client.force_login(pool.ws.users["b_lead"])
    client.post(url(pool, "materieel/boeken/"), booking_post(pool))
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.PENDING
    assert (
        client.post(url(pool, f"materieel/boekingen/{booking.pk}/goedkeuren/")).status_code == 404
    )

    client.force_login(pool.ws.users["client_lead"])
    assert "Teen ontgraven" in client.get(manage).content.decode()
    response = client.post(
        url(pool, f"materieel/boekingen/{booking.pk}/goedkeuren/"), {"next": "beheer"}
    )
    assert response.status_code == 302 and response.url == manage
    booking.refresh_from_db()
    assert booking.status == Booking.Status.APPROVED
    assert booking.decided_by == pool.ws.users["client_lead"]


def test_get_on_a_booking_action_is_not_allowed(pool, client):
    client.force_login(pool.ws.users["client_lead"])
    assert client.get(url(pool, "materieel/boekingen/1/annuleren/")).status_code == 405
    assert client.post(url(pool, "materieel/")).status_code == 405


def test_pool_writes_are_in_the_workspace_audit_log(pool, client):
    from projects.models import PartnershipLogEntry

    client.force_login(pool.ws.users["b_lead"])
    client.post(url(pool, "materieel/boeken/"), booking_post(pool))
    booking = Booking.objects.get()
    client.post(url(pool, f"materieel/boekingen/{booking.pk}/annuleren/"))
    actions = list(
        PartnershipLogEntry.objects.filter(action__startswith="partnerwerk.booking.")
        .order_by("pk")
        .values_list("action", "user__username")
    )
    b_lead = pool.ws.users["b_lead"].username
    assert actions == [("partnerwerk.booking.add", b_lead), ("partnerwerk.booking.cancel", b_lead)]
    client.force_login(pool.ws.users["client_lead"])
    # Routine bookings are folded away on the Logboek until asked for.
    audit = client.get(url(pool, "logboek/")).content.decode()
    assert "Materieel geboekt" not in audit and "2 routineboekingen ingeklapt" in audit
    audit = client.get(url(pool, "logboek/"), {"routine": "on"}).content.decode()
    assert "Materieel geboekt" in audit and "Boeking geannuleerd" in audit
    assert "E-graver 1 – Aannemer B (02-03-2026 07:00)" in audit
