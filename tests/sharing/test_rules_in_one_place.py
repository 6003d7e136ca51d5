"""Rules that used to be decided in two places, now asked of the access package only.

Each test names the rule and tries the forbidden case through the service
(which views, scripts and consumers all call), not only through a page.
"""

import datetime

import pytest

from django.core.exceptions import PermissionDenied, ValidationError

from projects import services as project_services
from projects.models import Booking, Section
from sharing import access, services
from sharing.forms import ReleaseRequestForm
from sharing.models import ReleaseRequest, Scope
from sharing.services import pool as pool_writes
from tests.factories import at, build_pool

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------
# Releases
# --------------------------------------------------------------------------


def test_release_recipients_are_the_same_in_form_and_service(ws):
    doc = ws.upload("a_lead", Scope.CONFIDENTIAL)
    form_choices = set(ReleaseRequestForm(item=doc).fields["recipients"].queryset)
    assert form_choices == set(access.release_recipient_parties(doc))
    assert form_choices == {ws.parties["b"], ws.parties["advisor"], ws.parties["d"]}

    with pytest.raises(ValidationError) as exc:
        services.release_request_create(
            item=doc,
            actor=ws.users["client_lead"],
            purpose="Delen met de opdrachtgever zelf",
            audience=ReleaseRequest.Audience.CHOSEN,
            recipients=[ws.parties["client"]],
        )
    assert "recipients" in exc.value.message_dict
    assert not ReleaseRequest.objects.exists()

    services.release_request_create(
        item=doc,
        actor=ws.users["client_lead"],
        purpose="Leren van het ontwerp",
        audience=ReleaseRequest.Audience.CHOSEN,
        recipients=[ws.parties["b"]],
    )
    assert ReleaseRequest.objects.count() == 1


def test_release_recipients_exclude_dropped_out_parties_in_form_and_service(ws):
    doc = ws.upload("a_lead", Scope.CONFIDENTIAL)
    project_services.party_drop_out(party=ws.parties["d"], reason="No-go")
    assert ws.parties["d"] not in ReleaseRequestForm(item=doc).fields["recipients"].queryset
    with pytest.raises(ValidationError):
        services.release_request_create(
            item=doc,
            actor=ws.users["client_lead"],
            purpose="Delen",
            audience=ReleaseRequest.Audience.CHOSEN,
            recipients=[ws.parties["d"]],
        )


def _pending_request(ws, requester="client_member"):
    doc = ws.upload("a_lead", Scope.CONFIDENTIAL)
    return services.release_request_create(
        item=doc, actor=ws.users[requester], purpose="Delen met alle partners"
    )


def test_only_the_requester_may_withdraw_a_release_request(ws, client):
    request = _pending_request(ws)
    for other in ("client_lead", "a_lead"):
        assert not access.may_withdraw_release(ws.users[other], request)
        with pytest.raises(PermissionDenied):
            services.release_request_withdraw(request=request, actor=ws.users[other])
    client.force_login(ws.users["client_lead"])
    page = client.get(f"/werkruimte/{ws.partnership.slug}/vrijgaven/").content.decode()
    assert 'value="withdraw"' not in page
    client.force_login(ws.users["client_member"])
    page = client.get(f"/werkruimte/{ws.partnership.slug}/vrijgaven/").content.decode()
    assert 'value="withdraw"' in page
    services.release_request_withdraw(request=request, actor=ws.users["client_member"])
    request.refresh_from_db()
    assert request.status == ReleaseRequest.Status.WITHDRAWN


def test_decided_release_request_cannot_be_withdrawn(ws):
    request = _pending_request(ws)
    services.release_request_refuse(request=request, actor=ws.users["a_lead"])
    request.refresh_from_db()
    assert not access.may_withdraw_release(ws.users["client_member"], request)
    with pytest.raises(PermissionDenied):
        services.release_request_withdraw(request=request, actor=ws.users["client_member"])


def test_only_the_owner_lead_may_decide_a_pending_release_request(ws):
    request = _pending_request(ws)
    assert access.may_decide_release(ws.users["a_lead"], request)
    for other in ("a_member", "client_lead", "b_lead"):
        assert not access.may_decide_release(ws.users[other], request)
    services.release_request_refuse(request=request, actor=ws.users["a_lead"])
    request.refresh_from_db()
    assert not access.may_decide_release(ws.users["a_lead"], request)


# --------------------------------------------------------------------------
# Creating items
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "offered"),
    [("a_member", True), ("client_lead", True), ("advisor", False), ("d_lead", False)],
)
def test_dashboard_offers_upload_only_to_those_who_may_create_items(ws, client, user, offered):
    project_services.party_drop_out(party=ws.parties["d"], reason="No-go")
    client.force_login(ws.users[user])
    page = client.get(f"/werkruimte/{ws.partnership.slug}/").content.decode()
    assert (f"/werkruimte/{ws.partnership.slug}/documenten/nieuw/" in page) is offered


# --------------------------------------------------------------------------
# The pool: services check rights, not "the caller"
# --------------------------------------------------------------------------


@pytest.fixture
def pool(ws):
    project_services.party_drop_out(party=ws.parties["d"], reason="No-go na fase 1")
    return build_pool(ws)


def _book(pool, user, party, **kw):
    return pool_writes.booking_create(
        item=pool.items["excavator"],
        party=pool.ws.parties[party],
        section=pool.sections[0],
        starts_at=kw.get("start", at("2026-03-02", 7)),
        ends_at=kw.get("end", at("2026-03-06", 17)),
        purpose="Teen ontgraven",
        actor=pool.ws.users[user],
    )


def test_contractor_cannot_book_for_another_party(pool):
    with pytest.raises(PermissionDenied):
        _book(pool, "b_lead", "a")
    assert not Booking.objects.exists()
    assert _book(pool, "b_member", "b").party == pool.ws.parties["b"]


@pytest.mark.parametrize(("user", "party"), [("d_lead", "d"), ("advisor", "advisor")])
def test_dropped_out_party_and_advisor_cannot_book(pool, user, party):
    with pytest.raises(PermissionDenied):
        _book(pool, user, party)
    assert not Booking.objects.exists()


def test_outsider_cannot_use_the_pool_services(pool):
    with pytest.raises(PermissionDenied):
        _book(pool, "outsider", "a")
    booking = _book(pool, "a_lead", "a")
    with pytest.raises(PermissionDenied):
        pool_writes.booking_cancel(booking=booking, actor=pool.ws.users["outsider"])


def test_contractor_cannot_cancel_another_partys_booking(pool):
    booking = _book(pool, "a_lead", "a")
    with pytest.raises(PermissionDenied):
        pool_writes.booking_cancel(booking=booking, actor=pool.ws.users["b_lead"])
    booking.refresh_from_db()
    assert booking.status == Booking.Status.APPROVED
    pool_writes.booking_cancel(booking=booking, actor=pool.ws.users["a_member"])
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_pool_manager_cancels_any_booking(pool):
    booking = _book(pool, "a_lead", "a")
    pool_writes.booking_cancel(booking=booking, actor=pool.ws.users["client_lead"])
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_only_the_pool_manager_approves_a_booking(pool):
    pool_writes.pool_settings_set(
        partnership=pool.ws.partnership, actor=pool.ws.users["client_lead"], requires_approval=True
    )
    booking = _book(pool, "a_lead", "a")
    assert booking.status == Booking.Status.PENDING
    for user in ("a_lead", "client_member"):
        with pytest.raises(PermissionDenied):
            pool_writes.booking_approve(booking=booking, actor=pool.ws.users[user])
    booking.refresh_from_db()
    assert booking.status == Booking.Status.PENDING
    pool_writes.booking_approve(booking=booking, actor=pool.ws.users["client_lead"])
    booking.refresh_from_db()
    assert booking.status == Booking.Status.APPROVED


def test_only_the_pool_manager_changes_items_and_settings(pool):
    with pytest.raises(PermissionDenied):
        pool_writes.pool_settings_set(
            partnership=pool.ws.partnership, actor=pool.ws.users["a_lead"], requires_approval=True
        )
    with pytest.raises(PermissionDenied):
        pool_writes.equipment_item_update(
            item=pool.items["excavator"], actor=pool.ws.users["a_lead"], name="Mijn graver"
        )
    pool_writes.equipment_item_update(
        item=pool.items["excavator"], actor=pool.ws.users["client_lead"], name="E-graver 1b"
    )
    pool.items["excavator"].refresh_from_db()
    assert pool.items["excavator"].name == "E-graver 1b"


def test_only_client_leads_manage_sections(pool):
    with pytest.raises(PermissionDenied):
        pool_writes.section_update(
            section=pool.sections[0], actor=pool.ws.users["a_lead"], name="Mijn vak"
        )
    with pytest.raises(PermissionDenied):
        pool_writes.section_create(
            partnership=pool.ws.partnership,
            actor=pool.ws.users["client_member"],
            number=9,
            name="Vak 9",
            start_km=20,
            end_km=21,
            contractor=None,
            status=Section.Status.DESIGN,
        )
    section = pool_writes.section_update(
        section=pool.sections[0], actor=pool.ws.users["client_lead"], name="Vak 1 noord"
    )
    assert section.name == "Vak 1 noord"


def test_booking_party_logs_usage_and_others_cannot(pool):
    booking = _book(pool, "a_lead", "a")
    with pytest.raises(PermissionDenied):
        pool_writes.usage_log(
            booking=booking, actor=pool.ws.users["b_lead"], date=datetime.date(2026, 3, 3), hours=8
        )
    log = pool_writes.usage_log(
        booking=booking, actor=pool.ws.users["a_member"], date=datetime.date(2026, 3, 3), hours=8
    )
    assert log.party_id == pool.ws.parties["a"].pk
