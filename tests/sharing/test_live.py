"""The workspace websocket: who receives what, revocation, catch-up, bad input."""

import pytest
from channels.db import database_sync_to_async

from projects import services as project_services
from projects.models import Membership
from sharing import services
from sharing.models import Message, Scope
from tests.factories import build_workspace
from tests.sharing.live_helpers import connect, frames, mentions_thread, reset_channel_layer

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_layer():
    reset_channel_layer()
    yield
    reset_channel_layer()


@database_sync_to_async
def setup():
    ws = build_workspace()
    threads = {}
    for key, owner, scope in [
        ("shared", "client_lead", Scope.SHARED),
        ("a_conf", "a_lead", Scope.CONFIDENTIAL),
        ("a_int", "a_lead", Scope.INTERNAL),
    ]:
        user = ws.users[owner]
        threads[key] = services.thread_create(
            partnership=ws.partnership,
            actor=user,
            owner_party=user.memberships.get().party,
            title=f"Draad {key}",
            scope=scope,
            body=f"Eerste bericht {key}",
        )
    return ws, threads


@database_sync_to_async
def post(ws, user_key, thread, body):
    return services.message_post(thread=thread, actor=ws.users[user_key], body=body)


async def test_member_receives_new_message_in_thread_it_may_see():
    ws, threads = await setup()
    sock, connected, _ = await connect(ws.users["b_member"])
    assert connected
    await post(ws, "client_lead", threads["shared"], "Hallo allemaal")
    got = await frames(sock)
    created = [f for f in got if f["type"] == "message.created"]
    assert len(created) == 1
    assert created[0]["thread"] == threads["shared"].pk
    assert created[0]["seq"] == 2
    assert "Hallo allemaal" in created[0]["message"]["html"]
    assert created[0]["unread"] == 2
    await sock.disconnect()


async def test_contractor_never_receives_frames_about_other_contractors_threads():
    ws, threads = await setup()
    sock, connected, _ = await connect(ws.users["b_lead"])
    assert connected
    await post(ws, "a_lead", threads["a_conf"], "Geheim ontwerp van A")
    await post(ws, "a_member", threads["a_int"], "Interne kostprijs")
    await post(ws, "client_lead", threads["a_conf"], "Reactie opdrachtgever")
    # Hand-made frames asking for those threads get "not found" and nothing else.
    for kind in ("catchup", "typing", "read", "post"):
        for key in ("a_conf", "a_int"):
            await sock.send_json_to(
                {"type": kind, "thread": threads[key].pk, "after": 0, "body": "x", "seq": 9}
            )
    got = await frames(sock)
    for key in ("a_conf", "a_int"):
        about = mentions_thread(got, threads[key].pk)
        assert about, "each request is answered"
        assert all(f["type"] == "error" and f["code"] == 404 for f in about), about
    text = str(got)
    assert "Geheim ontwerp" not in text and "Interne kostprijs" not in text
    assert (
        await database_sync_to_async(
            Message.objects.filter(thread=threads["a_conf"], author=ws.users["b_lead"]).exists
        )()
        is False
    )
    # The client sees the confidential thread; A's member sees both.
    client_sock, _, _ = await connect(ws.users["client_member"])
    a_sock, _, _ = await connect(ws.users["a_member"])
    await post(ws, "a_lead", threads["a_conf"], "Nog een")
    await post(ws, "a_lead", threads["a_int"], "Intern nog een")
    client_got = await frames(client_sock)
    a_got = await frames(a_sock)
    assert [f["thread"] for f in client_got if f["type"] == "message.created"] == [
        threads["a_conf"].pk
    ]
    assert sorted(f["thread"] for f in a_got if f["type"] == "message.created") == sorted(
        [threads["a_conf"].pk, threads["a_int"].pk]
    )
    for s in (sock, client_sock, a_sock):
        await s.disconnect()


async def test_anonymous_socket_and_foreign_origin_are_refused():
    ws, _threads = await setup()
    _sock, connected, _code = await connect(None)
    assert not connected
    _sock, connected, _code = await connect(ws.users["a_lead"], origin=b"https://evil.example")
    assert not connected
    _sock, connected, _code = await connect(ws.users["a_lead"], origin=None)
    assert not connected
    _sock, connected, _code = await connect(ws.users["outsider"])
    assert not connected
    sock, connected, _code = await connect(ws.users["a_lead"])
    assert connected
    await sock.disconnect()


@database_sync_to_async
def drop_out_b(ws):
    project_services.party_drop_out(party=ws.parties["b"], reason="No-go")


@database_sync_to_async
def remove_b_member(ws):
    project_services.membership_remove(membership=Membership.objects.get(user=ws.users["b_member"]))


@database_sync_to_async
def narrow_shared_thread(ws, threads):
    services.item_change_scope(
        item=threads["shared"], actor=ws.users["client_lead"], scope=Scope.CONFIDENTIAL
    )


@pytest.mark.parametrize("revoke", ["drop_out", "member_removed", "scope_narrowed"])
async def test_access_revoked_mid_connection_stops_delivery(revoke):
    ws, threads = await setup()
    watcher = "b_member"
    sock, connected, _ = await connect(ws.users[watcher])
    assert connected
    await post(ws, "client_lead", threads["shared"], "Voor iedereen")
    assert [f["type"] for f in await frames(sock)] == ["message.created"]
    if revoke == "drop_out":
        await drop_out_b(ws)
    elif revoke == "member_removed":
        await remove_b_member(ws)
    else:
        await narrow_shared_thread(ws, threads)
    await post(ws, "client_lead", threads["shared"], "Na de wijziging")
    got = await frames(sock)
    assert "Na de wijziging" not in str(got)
    assert not [f for f in got if f["type"] == "message.created"]
    # Asking for it explicitly does not help either.
    await sock.send_json_to({"type": "catchup", "thread": threads["shared"].pk, "after": 0})
    answer = await frames(sock)
    assert answer and answer[0]["type"] == "error" and answer[0]["code"] == 404
    await sock.disconnect()


async def test_catch_up_returns_exactly_the_missed_messages_in_order():
    ws, threads = await setup()
    thread = threads["shared"]
    sock, _, _ = await connect(ws.users["a_member"])
    await post(ws, "client_lead", thread, "Bericht 2")
    got = await frames(sock)
    last_seen = got[-1]["seq"]
    assert last_seen == 2
    await sock.disconnect()
    for n in range(3, 8):
        await post(ws, "b_lead", thread, f"Bericht {n}")
    sock, _, _ = await connect(ws.users["a_member"])
    await sock.send_json_to({"type": "catchup", "thread": thread.pk, "after": last_seen})
    (answer,) = await frames(sock)
    assert answer["type"] == "catchup"
    assert [m["seq"] for m in answer["messages"]] == [3, 4, 5, 6, 7]
    for n, m in zip(range(3, 8), answer["messages"], strict=True):
        assert f'<li class="pw-message pw-message--new" id="bericht-{n}"' in m["html"]
        assert f"<p>Bericht {n}</p>" in m["html"]
    assert answer["last_seq"] == 7 and answer["more"] is False
    await sock.disconnect()


async def test_posting_over_the_socket_acknowledges_and_broadcasts():
    ws, threads = await setup()
    author, _, _ = await connect(ws.users["a_lead"])
    reader, _, _ = await connect(ws.users["client_lead"])
    await author.send_json_to(
        {"type": "post", "thread": threads["a_conf"].pk, "body": "Via de socket", "client_id": "c1"}
    )
    got = await frames(author)
    ack = [f for f in got if f["type"] == "ack"]
    assert ack == [
        {
            "type": "ack",
            "thread": threads["a_conf"].pk,
            "seq": 2,
            "id": ack[0]["id"],
            "client_id": "c1",
        }
    ]
    reader_got = await frames(reader)
    [html] = [f["message"]["html"] for f in reader_got if f["type"] == "message.created"]
    assert '<div class="pw-message__body utrecht-rich-text"><p>Via de socket</p>' in html
    await author.disconnect()
    await reader.disconnect()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Het bericht is leeg."),
        ("   ", "Het bericht is leeg."),
        ("x" * 10_001, "Het bericht is 10001 tekens lang; de grens is 10000."),
        ("Kijk @aannemer-x", "@aannemer-x is geen deelnemer van deze werkruimte."),
    ],
)
async def test_bad_posts_over_the_socket_get_a_dutch_error_and_save_nothing(body, message):
    ws, threads = await setup()
    sock, _, _ = await connect(ws.users["a_lead"])
    await sock.send_json_to({"type": "post", "thread": threads["shared"].pk, "body": body})
    (answer,) = await frames(sock)
    assert answer["type"] == "error" and answer["code"] == 400
    assert message in answer["message"]
    count = await database_sync_to_async(Message.objects.filter(thread=threads["shared"]).count)()
    assert count == 1
    await sock.disconnect()


async def test_garbage_frames_get_an_error_not_a_crash(settings):
    settings.LIVE_READ_FLUSH_SECONDS = 0.05
    ws, _threads = await setup()
    sock, _, _ = await connect(ws.users["a_lead"])
    await sock.send_to(text_data="{not json")
    await sock.send_json_to({"type": "nonsense"})
    await sock.send_json_to({"type": "catchup", "thread": "abc"})
    await sock.send_json_to([1, 2, 3])
    got = await frames(sock)
    assert [f["code"] for f in got] == [400, 400, 400, 400]
    # The socket still works.
    await sock.send_json_to({"type": "read", "thread": _threads["shared"].pk})
    (answer,) = await frames(sock)
    assert answer["type"] == "unread" and answer["unread"] == 0
    await sock.disconnect()
