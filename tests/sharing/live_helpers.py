"""Helpers for websocket tests: real ASGI app, real sessions, real channel layer."""

import json

from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels.testing.websocket import WebsocketCommunicator

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

ORIGIN = b"http://127.0.0.1"


def reset_channel_layer():
    """A fresh in-memory layer per test: its queues belong to one event loop."""
    channel_layers.backends.clear()


@database_sync_to_async
def session_cookie(user) -> bytes:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}".encode()


async def connect(user, slug="sterke-lekdijk", origin=ORIGIN):
    from portal.asgi import application

    headers = [(b"origin", origin)] if origin else []
    if user is not None:
        headers.append((b"cookie", await session_cookie(user)))
    communicator = WebsocketCommunicator(application, f"/ws/werkruimte/{slug}/", headers=headers)
    connected, code = await communicator.connect()
    if connected:
        hello = await communicator.receive_json_from()
        assert hello["type"] == "hello"
    return communicator, connected, code


async def frames(communicator, timeout=0.3) -> list[dict]:
    """Everything the socket receives until it is quiet for `timeout` seconds."""
    received = []
    # receive_nothing() peeks without cancelling the application on a time-out
    # (receive_from() would cancel it).
    while not await communicator.receive_nothing(timeout=timeout):
        received.append(json.loads(await communicator.receive_from()))
    return received


def mentions_thread(frame_list, thread_id) -> list[dict]:
    return [f for f in frame_list if f.get("thread") == thread_id]
