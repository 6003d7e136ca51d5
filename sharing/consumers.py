"""The workspace websocket: one per browser tab, at /ws/werkruimte/<slug>/.

On connect the user must be signed in and a member of the workspace; the
socket then joins the user's own group for that workspace and receives the
events that services address to the user (see sharing/events.py). Frames the
client sends are requests: catch up on a thread after a number, post a
message, say "typing", mark read. Each is checked against the access module;
a thread the user may not see answers "not found", exactly as for a thread
that does not exist.
"""

import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from . import access, events, selectors, services
from .models import Message, Thread
from .services.guard import ReferenceHeld
from .services.threads import message_payload

CATCHUP_LIMIT = 200
TYPING_INTERVAL_SECONDS = 3.0
MAX_FRAME_CHARS = 20_000


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
        self.group_name = events.user_group(partnership_id, user.pk)
        self._typing_sent: dict[int, float] = {}
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "user": user.pk})

    async def disconnect(self, code):
        if self.group_name:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

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
        messages = messages[: CATCHUP_LIMIT + 1]
        selectors.messages_display_html(user=self.user, messages=messages[:CATCHUP_LIMIT])
        return {
            "type": "catchup",
            "thread": thread.pk,
            "after": after,
            "messages": [message_payload(m, m.display_html) for m in messages[:CATCHUP_LIMIT]],
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

    @database_sync_to_async
    def _mark_read(self, thread_id, seq):
        thread = _thread_for(self.user, self.partnership_id, thread_id)
        try:
            seq = int(seq) if seq is not None else None
        except (TypeError, ValueError) as exc:
            raise RequestError(400, _("Geef het laatste berichtnummer dat u hebt.")) from exc
        marker = services.thread_mark_read(thread=thread, user=self.user, sequence=seq)
        return {"type": "unread", "thread": thread.pk, "unread": thread.last_sequence - marker}

    async def _read(self, content):
        await self.send_json(await self._mark_read(content.get("thread"), content.get("seq")))

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
        await self.send_json(event["event"])
