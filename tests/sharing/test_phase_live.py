"""Live frames of phase events go to the contractor concerned, never to another."""

from decimal import Decimal

import pytest
from channels.db import database_sync_to_async

from projects import services as project_services
from tests.factories import build_phases, build_workspace
from tests.sharing.live_helpers import connect, frames, reset_channel_layer

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_layer():
    reset_channel_layer()
    yield
    reset_channel_layer()


@database_sync_to_async
def setup():
    ws = build_workspace()
    ph = build_phases(ws)
    project_services.phase_move(phase=ph.phase, move="assess", actor=ws.users["client_lead"])
    return ws, ph


@database_sync_to_async
def decide_continue_for_a(ws, ph):
    return project_services.decision_record(
        phase=ph.phase,
        party=ws.parties["a"],
        outcome="continue",
        motivation="Goed",
        override_motivation="Nog niet beoordeeld, wel veelbelovend",
        actor=ws.users["client_lead"],
    )


@database_sync_to_async
def approve_b(ws, ph):
    lead = ws.users["client_lead"]
    instalment = project_services.instalment_advance(instalment=ph.instalments["b"], actor=lead)
    assert instalment.amount == Decimal("50000")


async def test_contractor_receives_no_live_frame_about_another_contractors_decision_or_money():
    ws, ph = await setup()
    a_sock, ok_a, _ = await connect(ws.users["a_lead"])
    b_sock, ok_b, _ = await connect(ws.users["b_lead"])
    assert ok_a and ok_b
    await decide_continue_for_a(ws, ph)
    await approve_b(ws, ph)
    got_a = await frames(a_sock)
    got_b = await frames(b_sock)
    # Each hears of its own news (one unread count), nothing of the other's.
    assert [f["type"] for f in got_a] == ["notifications"]
    assert [f["type"] for f in got_b] == ["notifications"]
    assert got_a[0]["unread"] == 1 and got_b[0]["unread"] == 1
    await a_sock.disconnect()
    await b_sock.disconnect()
