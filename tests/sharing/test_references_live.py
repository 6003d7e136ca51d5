"""References never reveal, over the websocket: live frames, catch-up, and the guard."""

import pytest
from channels.db import database_sync_to_async

from sharing import services
from sharing.models import Scope
from tests.factories import build_workspace
from tests.sharing.live_helpers import connect, frames, reset_channel_layer

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

SECRET = "Proefvak damwand deeltraject 4 – meetresultaten"


@pytest.fixture(autouse=True)
def fresh_layer():
    reset_channel_layer()
    yield
    reset_channel_layer()


@database_sync_to_async
def setup():
    ws = build_workspace()
    client_lead = ws.users["client_lead"]
    secret = ws.upload("a_lead", Scope.CONFIDENTIAL, title=SECRET)
    thread = services.thread_create(
        partnership=ws.partnership,
        actor=client_lead,
        owner_party=client_lead.memberships.get().party,
        title="Gedeelde draad",
        scope=Scope.SHARED,
        body="Welkom",
    )
    return ws, secret, thread


@database_sync_to_async
def post_with_hidden_link(ws, secret, thread):
    # The client asks A for a release in the same step; until A grants it, the
    # link stays hidden from everyone who may not see the document.
    return services.message_post(
        thread=thread,
        actor=ws.users["client_lead"],
        body=f"Zie [de meting]({secret.get_absolute_url()}).",
        reference_choice="release",
    )


def _created(got):
    return [f for f in got if f["type"] == "message.created"]


async def test_live_frame_and_catchup_never_carry_a_hidden_items_title_or_address():
    ws, secret, thread = await setup()
    sock_b, ok_b, _ = await connect(ws.users["b_member"])
    sock_a, ok_a, _ = await connect(ws.users["a_member"])
    assert ok_b and ok_a
    await post_with_hidden_link(ws, secret, thread)

    html_b = _created(await frames(sock_b))[0]["message"]["html"]
    assert SECRET not in html_b and secret.get_absolute_url() not in html_b
    assert "de meting" in html_b
    html_a = _created(await frames(sock_a))[0]["message"]["html"]
    assert f'title="Document: {SECRET}"' in html_a

    await sock_b.send_json_to({"type": "catchup", "thread": thread.pk, "after": 0})
    catchup = [f for f in await frames(sock_b) if f["type"] == "catchup"][0]
    for message in catchup["messages"]:
        assert SECRET not in message["html"]
        assert secret.get_absolute_url() not in message["html"]
    await sock_a.disconnect()
    await sock_b.disconnect()


async def test_websocket_post_held_by_the_guard_answers_409_and_saves_nothing():
    ws, secret, thread = await setup()
    sock, ok, _ = await connect(ws.users["a_member"])
    assert ok
    await sock.send_json_to(
        {
            "type": "post",
            "thread": thread.pk,
            "body": f"Zie [de meting]({secret.get_absolute_url()})",
            "client_id": "c1",
        }
    )
    got = await frames(sock)
    errors = [f for f in got if f["type"] == "error"]
    assert errors and errors[0]["code"] == 409 and errors[0]["client_id"] == "c1"
    assert "Aannemer B" in errors[0]["message"]
    assert not _created(got)

    @database_sync_to_async
    def count():
        return thread.messages.count()

    assert await count() == 1
    await sock.disconnect()
