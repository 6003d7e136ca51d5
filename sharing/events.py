"""Live events: built by services, sent after commit, to explicit recipients.

Each socket of a workspace joins one group, named from ids only:
`ws.<partnership id>.u.<user id>`. A service decides who receives an event by
asking the access module (`access.users_with("view", thread)`) at the moment
of sending, so a user whose access was taken away stops receiving at once,
whatever frames their socket sends.

Channels delivers at most once and drops silently when a channel is full or
Redis is away. Nothing depends on delivery: every message is saved first and
numbered, and clients catch up by number. A failing channel layer is logged
and never fails the request that saved the data.
"""

import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

SEND_TIMEOUT_SECONDS = 2.0


def user_group(partnership_id: int, user_id: int) -> str:
    return f"ws.{partnership_id}.u.{user_id}"


SEND_CONCURRENCY = 16


async def _send_all(layer, messages: list[tuple[str, dict]]) -> None:
    """One group send per recipient. Over the network (Redis) up to 16 at a
    time, so a message to many readers costs a few round trips, not one per
    reader; in memory one after the other (concurrency only adds overhead)."""
    if isinstance(layer, InMemoryChannelLayer):
        for group, message in messages:
            await layer.group_send(group, message)
        return
    gate = asyncio.Semaphore(SEND_CONCURRENCY)

    async def one(group, message):
        async with gate:
            await layer.group_send(group, message)

    await asyncio.gather(*(one(group, message) for group, message in messages))


def send_now(partnership_id: int, events_by_user: dict[int, dict]) -> bool:
    """Send one event per user; returns False when the channel layer failed."""
    layer = get_channel_layer()
    if layer is None or not events_by_user:
        return True
    messages = [
        (user_group(partnership_id, user_id), {"type": "workspace.event", "event": event})
        for user_id, event in events_by_user.items()
    ]
    timeout = getattr(settings, "LIVE_SEND_TIMEOUT_SECONDS", SEND_TIMEOUT_SECONDS)

    async def send_with_timeout():
        # The coroutine is created inside the loop that awaits it.
        await asyncio.wait_for(_send_all(layer, messages), timeout=timeout)

    try:
        async_to_sync(send_with_timeout)()
    except Exception:  # the layer is best effort; clients catch up by number
        logger.warning("Live event not delivered (channel layer unavailable)", exc_info=True)
        return False
    return True


def send_after_commit(partnership_id: int, build) -> None:
    """Call `build()` after commit for {user_id: event} and send the events."""
    transaction.on_commit(lambda: send_now(partnership_id, build()))
