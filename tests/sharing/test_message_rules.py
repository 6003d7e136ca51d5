"""Who may edit or delete a message: one rule (sharing.access.messages), asked by
the page, the edit and delete views, the services and the live frames alike."""

import re

import pytest
from channels.db import database_sync_to_async

from django.core.exceptions import PermissionDenied
from django.test import Client

from projects import services as project_services
from sharing import access, services
from sharing.models import Message, Scope
from tests.factories import build_workspace
from tests.sharing.live_helpers import connect, frames


def _thread(ws, owner, scope=Scope.SHARED, body="Start"):
    user = ws.users[owner]
    return services.thread_create(
        partnership=ws.partnership,
        actor=user,
        owner_party=user.memberships.get().party,
        title="Draad",
        scope=scope,
        body=body,
    )


def _url(ws, thread, suffix=""):
    return f"/werkruimte/{ws.partnership.slug}/draden/{thread.pk}/{suffix}"


def _page_item(html: str, seq: int) -> str:
    """The `<li>` of message `seq` as the thread page shows it."""
    found = re.search(rf'<li class="pw-message[^"]*" id="bericht-{seq}".*?</li>\n', html, re.S)
    assert found, f"message {seq} not on the page"
    return found.group(0)


def _actions(html: str) -> set[str]:
    found = set()
    if "/bewerken/" in html:
        found.add("edit")
    if "/verwijderen/" in html:
        found.add("delete")
    return found


# -- over HTTP ----------------------------------------------------------------


@pytest.mark.django_db
def test_dropped_out_author_sees_no_edit_or_delete_action_and_cannot_use_either(ws, client):
    thread = _thread(ws, "d_lead", scope=Scope.CONFIDENTIAL, body="Onze aanpak")
    project_services.party_drop_out(party=ws.parties["d"], reason="No-go")
    author = ws.users["d_lead"]
    client.force_login(author)
    page = client.get(_url(ws, thread))
    assert page.status_code == 200  # the owner keeps reading its own thread
    assert _actions(_page_item(page.content.decode(), 1)) == set()
    edit, delete = (
        _url(ws, thread, "berichten/1/bewerken/"),
        _url(ws, thread, "berichten/1/verwijderen/"),
    )
    assert client.get(edit).status_code in (403, 404)
    assert client.post(edit, {"body": "Toch nog gewijzigd"}).status_code in (403, 404)
    assert client.get(delete).status_code in (403, 404, 405)
    assert client.post(delete).status_code in (403, 404)
    message = Message.objects.get(thread=thread, sequence=1)
    assert message.body == "Onze aanpak" and not message.is_deleted


@pytest.mark.django_db
def test_services_refuse_edit_and_delete_by_a_dropped_out_author(ws):
    thread = _thread(ws, "d_lead", scope=Scope.CONFIDENTIAL)
    project_services.party_drop_out(party=ws.parties["d"], reason="No-go")
    message = Message.objects.get(thread=thread, sequence=1)
    with pytest.raises(PermissionDenied):
        services.message_edit(message=message, actor=ws.users["d_lead"], body="Nieuw")
    with pytest.raises(PermissionDenied):
        services.message_delete(message=message, actor=ws.users["d_lead"])


@pytest.mark.django_db
def test_author_edits_and_deletes_client_lead_deletes_other_contractor_neither(ws):
    thread = _thread(ws, "a_lead")
    message = Message.objects.get(thread=thread, sequence=1)
    expected = {
        "a_lead": {"edit", "delete"},  # the author
        "client_lead": {"delete"},  # the moderator
        "client_member": set(),
        "b_lead": set(),  # another contractor
        "advisor": set(),
    }
    for key, actions in expected.items():
        user = ws.users[key]
        seat = access.seat_for(user, ws.partnership)
        got = {
            name
            for name, rule in (
                ("edit", access.may_edit_message),
                ("delete", access.may_delete_message),
            )
            if rule(user, seat, message)
        }
        assert got == actions, key
        page = Client()
        page.force_login(user)
        html = page.get(_url(ws, thread)).content.decode()
        assert _actions(_page_item(html, 1)) == actions, key
    with pytest.raises(PermissionDenied):
        services.message_delete(message=message, actor=ws.users["b_lead"])


# -- over the websocket -------------------------------------------------------


@database_sync_to_async
def _setup(scope=Scope.SHARED, owner="a_lead"):
    ws = build_workspace()
    return ws, _thread(ws, owner, scope=scope)


@database_sync_to_async
def _post(ws, key, thread, body):
    return services.message_post(thread=thread, actor=ws.users[key], body=body)


@database_sync_to_async
def _page(ws, key, thread):
    page = Client()
    page.force_login(ws.users[key])
    return page.get(_url(ws, thread)).content.decode()


def _created(got, seq):
    return [f for f in got if f["type"] == "message.created" and f["seq"] == seq]


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fresh_channel_layer")
async def test_live_frame_html_equals_the_reloaded_page_item_for_each_recipient():
    ws, thread = await _setup()
    keys = ["a_lead", "client_lead", "b_lead"]
    sockets = {key: (await connect(ws.users[key]))[0] for key in keys}
    await _post(ws, "a_lead", thread, "Een *live* bericht")
    for key in keys:
        [frame] = _created(await frames(sockets[key]), 2)
        page = await _page(ws, key, thread)
        assert frame["message"]["html"] == _page_item(page, 2), key
        await sockets[key].disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fresh_channel_layer")
async def test_client_lead_gets_delete_in_live_frame_other_contractor_does_not():
    ws, thread = await _setup()
    keys = ["a_lead", "client_lead", "b_lead", "b_member"]
    sockets = {key: (await connect(ws.users[key]))[0] for key in keys}
    await _post(ws, "a_lead", thread, "Wie mag mij weghalen?")
    got = {}
    for key in keys:
        [frame] = _created(await frames(sockets[key]), 2)
        got[key] = _actions(frame["message"]["html"])
        await sockets[key].disconnect()
    assert got == {
        "a_lead": {"edit", "delete"},
        "client_lead": {"delete"},
        "b_lead": set(),
        "b_member": set(),
    }


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fresh_channel_layer")
async def test_dropped_out_author_gets_no_edit_or_delete_in_live_frames():
    ws, thread = await _setup(scope=Scope.CONFIDENTIAL, owner="d_lead")
    await database_sync_to_async(project_services.party_drop_out)(
        party=ws.parties["d"], reason="No-go"
    )
    sock, connected, _ = await connect(ws.users["d_lead"])
    assert connected
    # Catch-up frames carry the author's own message without actions...
    await sock.send_json_to({"type": "catchup", "thread": thread.pk, "after": 0})
    [answer] = await frames(sock)
    [mine] = answer["messages"]
    assert "Start" in mine["html"] and _actions(mine["html"]) == set()
    # ...and so do live frames about it (the client lead removes it).
    message = await database_sync_to_async(Message.objects.get)(thread=thread, sequence=1)
    await database_sync_to_async(services.message_delete)(
        message=message, actor=ws.users["client_lead"]
    )
    [deleted] = [f for f in await frames(sock) if f["type"] == "message.deleted"]
    assert "Bericht verwijderd" in deleted["message"]["html"]
    assert _actions(deleted["message"]["html"]) == set()
    await sock.disconnect()
