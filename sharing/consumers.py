"""The workspace websocket: one per browser tab, at /ws/werkruimte/<slug>/.

On connect the user must be signed in and a member of the workspace; the
socket then joins the user's own group for that workspace and receives the
events that services address to the user (see sharing/events.py). Frames the
client sends are requests: catch up on a thread after a number, post a
message, say "typing", mark read. Each is checked against the access module;
a thread the user may not see answers "not found", exactly as for a thread
that does not exist.

Delivery that holds under load (see tests/bench/live_load.py):

* Every frame to the browser goes through one bounded queue per socket. A
  socket whose browser cannot keep up (the queue is full) is closed with
  4008; the script reconnects at once and catches up by number. Others never
  lose a frame because of it, and nothing is dropped silently.
* A heartbeat (one query per process, every few seconds) tells each socket the
  last number of every thread it watches (the open thread page) or follows,
  so a client notices a missed tail even when no newer message comes.
* Read markers from live frames are kept in memory and written at most once
  per READ_FLUSH_SECONDS per socket, and when the socket closes: never a
  database write per frame.
"""

import asyncio
import contextlib
import functools
import logging
import time
import weakref

from channels.db import DatabaseSyncToAsync
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from . import access, events, selectors, services
from .models import Message, Thread
from .services.guard import ReferenceHeld
from .services.threads import message_payload, render_message

logger = logging.getLogger(__name__)

# The socket's database work runs in a pool of threads, not queued behind the
# one thread that serves Django's sync views (and every other socket).
database_sync_to_async = functools.partial(DatabaseSyncToAsync, thread_sensitive=False)

CATCHUP_LIMIT = 100  # messages per catch-up page; the client asks for the next
TYPING_INTERVAL_SECONDS = 3.0
MAX_FRAME_CHARS = 20_000
MAX_WATCHED = 20
FELL_BEHIND = 4008


def _setting(name, default):
    return getattr(settings, name, default)


def _last_sequences(thread_ids) -> dict[int, int]:
    return dict(Thread.objects.filter(pk__in=thread_ids).values_list("pk", "last_sequence"))


class Heartbeat:
    """One per event loop: every LIVE_HEARTBEAT_SECONDS, one query for the last
    numbers of all threads its sockets watch, then one frame per socket."""

    _by_loop: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()

    def __init__(self):
        self.consumers: set = set()
        self.task = None

    @classmethod
    def for_loop(cls) -> "Heartbeat":
        loop = asyncio.get_running_loop()
        beat = cls._by_loop.get(loop)
        if beat is None:
            beat = cls._by_loop[loop] = cls()
        return beat

    def add(self, consumer) -> None:
        self.consumers.add(consumer)
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self.run())

    def discard(self, consumer) -> None:
        self.consumers.discard(consumer)
        if not self.consumers and self.task is not None:
            self.task.cancel()
            self.task = None

    async def run(self) -> None:
        while self.consumers:
            await asyncio.sleep(_setting("LIVE_HEARTBEAT_SECONDS", 2.0))
            consumers = list(self.consumers)
            wanted = set().union(*(c.heartbeat_threads() for c in consumers))
            if not wanted:
                continue
            try:
                last = await database_sync_to_async(_last_sequences)(wanted)
            except Exception:  # a database hiccup skips one beat, no more
                logger.warning("Live heartbeat skipped", exc_info=True)
                continue
            for consumer in consumers:
                threads = {str(t): last[t] for t in consumer.heartbeat_threads() if t in last}
                if threads:
                    consumer.enqueue({"type": "heartbeat", "threads": threads})


class RequestError(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _thread_for(user, partnership_id: int, thread_id) -> Thread:
    try:
        thread_id = int(thread_id)
    except (TypeError, ValueError) as exc:
        raise RequestError(400, _("Geef het nummer van een draad.")) from exc
    thread = (
        Thread.objects.filter(pk=thread_id, partnership_id=partnership_id)
        .select_related("partnership")
        .first()
    )
    if thread is None or not access.may(user, "view", thread):
        raise RequestError(404, _("Deze draad bestaat niet of u hebt er geen toegang toe."))
    return thread


class WorkspaceConsumer(AsyncJsonWebsocketConsumer):
    group_name = None
    writer = None

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        partnership_id = await self._membership(user, self.scope["url_route"]["kwargs"]["slug"])
        if partnership_id is None:
            await self.close(code=4404)
            return
        self.user = user
        self.partnership_id = partnership_id
        self.language = self._language()
        self.group_name = events.user_group(partnership_id, user.pk)
        self._typing_sent: dict[int, float] = {}
        self.watched: set[int] = set()
        self.followed: set[int] = await self._followed()
        self._read_pending: dict[int, int] = {}
        self._read_flush = None
        self.outbox: asyncio.Queue = asyncio.Queue(maxsize=_setting("LIVE_SOCKET_QUEUE", 500))
        self.behind = False
        self.heartbeat = Heartbeat.for_loop()
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "user": user.pk})
        self.writer = asyncio.get_running_loop().create_task(self._write())
        self.heartbeat.add(self)

    async def disconnect(self, code):
        if self.group_name:
            self.heartbeat.discard(self)
            if self.writer is not None:
                self.writer.cancel()
            if self._read_flush is not None:
                self._read_flush.cancel()
            with contextlib.suppress(Exception):
                await self._flush_reads()
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    # -- the way out: one bounded queue per socket --------------------------

    def enqueue(self, frame: dict) -> None:
        """Queue a frame for the browser; a browser too far behind is dropped (4008)."""
        if self.behind:
            return
        try:
            self.outbox.put_nowait(frame)
        except asyncio.QueueFull:
            self.behind = True
            logger.info("Live socket of user %s fell behind: closed with 4008", self.user.pk)
            asyncio.get_running_loop().create_task(self.close(code=FELL_BEHIND))

    async def _write(self) -> None:
        while True:
            frame = await self.outbox.get()
            await super().send_json(frame)

    async def send_json(self, content, close=False):
        if self.writer is None or close:
            await super().send_json(content, close=close)
        else:
            self.enqueue(content)

    def heartbeat_threads(self) -> set[int]:
        return self.watched | self.followed

    @database_sync_to_async
    def _followed(self) -> set[int]:
        threads = Thread.objects.filter(
            partnership_id=self.partnership_id,
            read_states__user=self.user,
            read_states__following=True,
        )
        return set(access.visible(self.user, threads).values_list("pk", flat=True))

    def _language(self) -> str:
        # The language LanguageMiddleware gives this browser's pages.
        language = self.scope.get("cookies", {}).get(settings.LANGUAGE_COOKIE_NAME)
        return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

    @database_sync_to_async
    def _membership(self, user, slug):
        from projects.models import PartnershipPage

        partnership = PartnershipPage.objects.filter(slug=slug).first()
        if partnership is None or access.seat_for(user, partnership) is None:
            return None
        return partnership.pk

    # -- frames from the client ---------------------------------------------

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if text_data is None or len(text_data) > MAX_FRAME_CHARS:
            await self._error(400, _("Dit bericht kan niet worden verwerkt."))
            return
        try:
            await super().receive(text_data=text_data, bytes_data=bytes_data, **kwargs)
        except ValueError:
            await self._error(400, _("Dit bericht kan niet worden verwerkt."))

    async def receive_json(self, content, **kwargs):
        handlers = {
            "catchup": self._catchup,
            "post": self._post,
            "typing": self._typing,
            "read": self._read,
            "watch": self._watch,
        }
        kind = content.get("type") if isinstance(content, dict) else None
        handler = handlers.get(kind)
        if handler is None:
            await self._error(400, _("Onbekend verzoek."))
            return
        try:
            await handler(content)
        except RequestError as exc:
            await self._error(exc.code, exc.message, content)

    async def _error(self, code, message, content=None):
        frame = {"type": "error", "code": code, "message": str(message)}
        if isinstance(content, dict):
            for key in ("thread", "client_id"):
                if key in content:
                    frame[key] = content[key]
        await self.send_json(frame)

    @database_sync_to_async
    def _catchup_messages(self, thread_id, after):
        thread = _thread_for(self.user, self.partnership_id, thread_id)
        try:
            after = max(int(after or 0), 0)
        except (TypeError, ValueError) as exc:
            raise RequestError(400, _("Geef het laatste berichtnummer dat u hebt.")) from exc
        messages = list(
            Message.objects.filter(thread=thread, sequence__gt=after)
            .select_related("author")
            .order_by("sequence")[: CATCHUP_LIMIT + 1]
        )
        rows = selectors.message_rows(
            user=self.user,
            seat=access.seat_for(self.user, thread.partnership),
            thread=thread,
            messages=messages[:CATCHUP_LIMIT],
        )
        with translation.override(self.language):
            payloads = [message_payload(m, render_message(m, thread=thread)) for m in rows]
        return {
            "type": "catchup",
            "thread": thread.pk,
            "after": after,
            "messages": payloads,
            "more": len(messages) > CATCHUP_LIMIT,
            "last_seq": thread.last_sequence,
        }

    async def _catchup(self, content):
        await self.send_json(
            await self._catchup_messages(content.get("thread"), content.get("after"))
        )

    @database_sync_to_async
    def _post_message(self, thread_id, body):
        thread = _thread_for(self.user, self.partnership_id, thread_id)
        if not isinstance(body, str):
            raise RequestError(400, _("Het bericht is leeg."))
        try:
            message = services.message_post(thread=thread, actor=self.user, body=body)
        except PermissionDenied as exc:
            raise RequestError(403, _("U kunt in deze draad geen berichten plaatsen.")) from exc
        except ReferenceHeld as exc:
            # The ways on are offered by the page's form: the script posts it there.
            raise RequestError(409, " ".join(exc.messages)) from exc
        except ValidationError as exc:
            raise RequestError(400, " ".join(exc.messages)) from exc
        return {"type": "ack", "thread": thread.pk, "seq": message.sequence, "id": message.pk}

    async def _post(self, content):
        ack = await self._post_message(content.get("thread"), content.get("body"))
        if "client_id" in content:
            ack["client_id"] = content["client_id"]
        await self.send_json(ack)

    @database_sync_to_async
    def _send_typing(self, thread_id):
        thread = _thread_for(self.user, self.partnership_id, thread_id)
        name = self.user.get_full_name() or self.user.username
        event = {"type": "typing", "thread": thread.pk, "user": {"id": self.user.pk, "name": name}}
        recipients = access.users_with("view", thread).exclude(pk=self.user.pk)
        events.send_now(
            self.partnership_id, dict.fromkeys(recipients.values_list("pk", flat=True), event)
        )

    async def _typing(self, content):
        key = content.get("thread")
        now = time.monotonic()
        if isinstance(key, int) and now - self._typing_sent.get(key, 0) < TYPING_INTERVAL_SECONDS:
            return
        await self._send_typing(key)
        self._typing_sent[key] = now

    async def _read(self, content):
        # Kept in memory; written by _flush_reads a few seconds later (and on
        # close), so a tab that reads along costs no write per message.
        thread_id, seq = content.get("thread"), content.get("seq")
        if seq is None:
            seq = 2**31  # everything; thread_mark_read stops at the thread's last number
        if not isinstance(thread_id, int) or not isinstance(seq, int) or seq < 0:
            raise RequestError(400, _("Geef het laatste berichtnummer dat u hebt."))
        if seq > self._read_pending.get(thread_id, -1):
            self._read_pending[thread_id] = seq
        if self._read_flush is None or self._read_flush.done():
            self._read_flush = asyncio.get_running_loop().create_task(self._flush_later())

    async def _flush_later(self):
        await asyncio.sleep(_setting("LIVE_READ_FLUSH_SECONDS", 5.0))
        for frame in await self._flush_reads():
            self.enqueue(frame)

    async def _flush_reads(self) -> list[dict]:
        pending, self._read_pending = self._read_pending, {}
        if not pending:
            return []
        return await self._mark_read(pending)

    @database_sync_to_async
    def _mark_read(self, pending: dict[int, int]) -> list[dict]:
        frames = []
        for thread_id, seq in pending.items():
            try:
                thread = _thread_for(self.user, self.partnership_id, thread_id)
            except RequestError:
                continue
            marker = services.thread_mark_read(thread=thread, user=self.user, sequence=seq)
            frames.append(
                {"type": "unread", "thread": thread.pk, "unread": thread.last_sequence - marker}
            )
        return frames

    @database_sync_to_async
    def _visible_threads(self, thread_ids) -> set[int]:
        threads = Thread.objects.filter(partnership_id=self.partnership_id, pk__in=thread_ids)
        return set(access.visible(self.user, threads).values_list("pk", flat=True))

    async def _watch(self, content):
        """The threads this tab shows: the heartbeat carries their last numbers."""
        ids = content.get("threads")
        if not isinstance(ids, list) or len(ids) > MAX_WATCHED:
            raise RequestError(400, _("Geef de nummers van de draden."))
        ids = {i for i in ids if isinstance(i, int)}
        self.watched = await self._visible_threads(ids) if ids else set()

    # -- events addressed to this user --------------------------------------

    async def dispatch(self, message):
        # Live events touch no database: skip Channels' per-message
        # close_old_connections(), which would queue every delivery behind the
        # thread that serves Django's views (measured: p95 66 -> 45 ms).
        if message.get("type") == "workspace.event":
            await self.workspace_event(message)
            return
        await super().dispatch(message)

    async def workspace_event(self, event):
        if self.behind:
            return
        frame = event["event"]
        message = frame.get("message")
        if message and isinstance(message.get("html"), dict):
            # Rendered once per language by the sender: keep this socket's.
            html = message["html"]
            frame = {**frame, "message": {**message, "html": html.get(self.language, "")}}
        self.enqueue(frame)
