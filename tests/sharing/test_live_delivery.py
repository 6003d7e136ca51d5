"""Live delivery that holds under load: read markers without a write per frame,
and a heartbeat that names each watched or followed thread's last number."""

import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from sharing import events, services
from sharing.models import Message, ThreadReadState
from tests.sharing.live_helpers import connect, frames
from tests.sharing.test_live import post, setup

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_channel_layer"),
]


async def beats_until(communicator, count: int, limit: float = 15.0) -> list[dict]:
    """Heartbeats as they come, until `count` arrived or `limit` seconds passed.

    On a loaded machine a short heartbeat period can stretch; wait for the
    beats themselves rather than for a fixed time.
    """
    beats = []
    deadline = asyncio.get_running_loop().time() + limit
    while len(beats) < count and asyncio.get_running_loop().time() < deadline:
        for frame in await during(communicator, 0.2):
            if frame["type"] == "heartbeat":
                beats.append(frame)
    return beats


async def during(communicator, seconds: float) -> list[dict]:
    """Everything the socket receives in `seconds` (heartbeats never let it go quiet)."""
    received = []
    deadline = asyncio.get_running_loop().time() + seconds
    while (left := deadline - asyncio.get_running_loop().time()) > 0:
        if not await communicator.receive_nothing(timeout=min(left, 0.05)):
            received.append(json.loads(await communicator.receive_from()))
    return received


@database_sync_to_async
def marker(user, thread):
    state = ThreadReadState.objects.filter(user=user, thread=thread).first()
    return state.last_read_sequence if state else 0


async def test_read_frames_cost_no_database_write_per_frame(settings):
    settings.LIVE_READ_FLUSH_SECONDS = 1.0
    ws, threads = await setup()
    thread = threads["shared"]
    for n in range(2, 12):
        await post(ws, "client_lead", thread, f"Bericht {n}")
    reader = ws.users["b_member"]
    sock, _, _ = await connect(reader)
    # A tab reading along sends a read frame per message.
    for seq in range(1, 12):
        await sock.send_json_to({"type": "read", "thread": thread.pk, "seq": seq})
    # A request after them is answered only when they have all been handled.
    await sock.send_json_to({"type": "catchup", "thread": thread.pk, "after": 11})
    handled = await frames(sock, timeout=0.2)
    assert [f["type"] for f in handled] == ["catchup"]
    assert await marker(reader, thread) == 0, "a read frame was written at once"
    # Written once, a moment later, with the newest number.
    await asyncio.sleep(1.2)
    flushed = await frames(sock)
    assert flushed == [{"type": "unread", "thread": thread.pk, "unread": 0}]
    assert await marker(reader, thread) == 11
    await sock.disconnect()


async def test_pending_read_marker_is_written_when_the_socket_closes(settings):
    settings.LIVE_READ_FLUSH_SECONDS = 60.0
    ws, threads = await setup()
    thread = threads["shared"]
    await post(ws, "client_lead", thread, "Bericht 2")
    reader = ws.users["a_member"]
    sock, _, _ = await connect(reader)
    await sock.send_json_to({"type": "read", "thread": thread.pk, "seq": 2})
    await frames(sock, timeout=0.2)
    await sock.disconnect()
    assert await marker(reader, thread) == 2


async def test_read_frame_for_a_hidden_thread_writes_nothing(settings):
    settings.LIVE_READ_FLUSH_SECONDS = 0.05
    ws, threads = await setup()
    sock, _, _ = await connect(ws.users["b_lead"])
    await sock.send_json_to({"type": "read", "thread": threads["a_conf"].pk, "seq": 1})
    assert await frames(sock, timeout=0.4) == []
    await sock.disconnect()
    assert await marker(ws.users["b_lead"], threads["a_conf"]) == 0


async def test_heartbeat_names_last_number_of_watched_and_followed_threads_only_if_visible(
    settings,
):
    settings.LIVE_HEARTBEAT_SECONDS = 0.2
    ws, threads = await setup()
    # a_lead started a_conf and a_int and so follows them; b_lead may see neither.
    a_sock, _, _ = await connect(ws.users["a_lead"])
    b_sock, _, _ = await connect(ws.users["b_lead"])
    await a_sock.send_json_to({"type": "watch", "threads": [threads["shared"].pk]})
    await b_sock.send_json_to(
        {"type": "watch", "threads": [threads["shared"].pk, threads["a_conf"].pk]}
    )
    # The watch frames are answered by later beats: wait for a few.
    a_beats = await beats_until(a_sock, 3)
    b_beats = await beats_until(b_sock, 3)
    assert a_beats and b_beats
    assert a_beats[-1]["threads"] == {
        str(threads[key].pk): 1 for key in ("shared", "a_conf", "a_int")
    }
    assert all(beat["threads"] == {str(threads["shared"].pk): 1} for beat in b_beats)
    for sock in (a_sock, b_sock):
        await sock.disconnect()


async def test_missed_tail_is_announced_by_the_heartbeat(settings):
    """Frames lost in the channel layer: no newer message comes, the heartbeat tells."""
    settings.LIVE_HEARTBEAT_SECONDS = 0.3
    ws, threads = await setup()
    thread = threads["shared"]
    reader = ws.users["b_member"]
    sock, _, _ = await connect(reader)
    await sock.send_json_to({"type": "watch", "threads": [thread.pk]})
    # The layer loses the next three frames: the socket's channel leaves its group.
    layer = get_channel_layer()
    group = events.user_group(ws.partnership.pk, reader.pk)
    [channel] = list(layer.groups[group])
    await layer.group_discard(group, channel)
    for n in (2, 3, 4):
        await post(ws, "client_lead", thread, f"Staart {n}")
    await layer.group_add(group, channel)
    got = await during(sock, 1.0)
    assert not [f for f in got if f["type"] == "message.created"]
    beats = [f for f in got if f["type"] == "heartbeat"]
    assert beats and beats[-1]["threads"][str(thread.pk)] == 4
    await sock.send_json_to({"type": "catchup", "thread": thread.pk, "after": 1})
    [answer] = [f for f in await during(sock, 0.5) if f["type"] == "catchup"]
    assert [m["seq"] for m in answer["messages"]] == [2, 3, 4]
    await sock.disconnect()


async def test_catch_up_answers_in_pages(settings):
    ws, threads = await setup()
    thread = threads["shared"]

    @database_sync_to_async
    def many(n):
        for i in range(n):
            services.message_post(thread=thread, actor=ws.users[f"{'ab'[i % 2]}_lead"], body=f"{i}")

    settings.MESSAGE_RATE_PER_MINUTE = 1000
    await many(120)
    sock, _, _ = await connect(ws.users["client_member"])
    await sock.send_json_to({"type": "catchup", "thread": thread.pk, "after": 0})
    [page] = [f for f in await frames(sock) if f["type"] == "catchup"]
    assert len(page["messages"]) == 100 and page["more"] is True
    assert await database_sync_to_async(Message.objects.filter(thread=thread).count)() == 121
    await sock.disconnect()
