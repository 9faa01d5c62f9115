"""WebSocket edge of the durable streams: the delivery every stream socket shares, and app feeds.

Close codes (after the handshake, so clients can read them): 4400 bad query (``after`` is
not a whole number), 4401 not authenticated (or a bad bearer token), 4403 not on the app's
team, 4404 no such session or app, 4000 closed by the server and 4503 (try again later: the
database does not answer), after both of which clients reconnect and resume. 4401 and 4403
also end an open socket whose token is revoked or expires, whose owner is deactivated or
whose membership is removed (live.access_watch). Server frames:
one event object, or a JSON array of events in order; errors are ``{"error": {"code",
"message"}}`` and leave the socket open. Session sockets (which also take stop, steer and
say) are steward.agents.consumers.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from abc import ABC, abstractmethod
from typing import Any
from urllib.parse import parse_qs

from channels.generic.websocket import AsyncWebsocketConsumer
from django.db import DatabaseError

from steward import jsonlimits
from steward.access.actors import Actor
from steward.access.authorization import may
from steward.access.exceptions import UNAVAILABLE
from steward.access.recheck import Refusal
from steward.hosting.registry import hosted_apps
from steward.live import access_watch, services
from steward.live.db import live_db
from steward.live.delivery import Delivery, parse_after
from steward.live.hub import StreamHub, Subscriber, hubs
from steward.live.middleware import ASGI_SEND
from steward.live.models import app_stream
from steward.metrics.definitions import live_subscribers

UNAVAILABLE_CODE = 4503  # try again later (daphne refuses 1013): durable-session.js reconnects
REFUSAL_CODES = {"unauthenticated": 4401, "forbidden": 4403}  # permanent: no reconnect

# Every open live connection of this process (the test hook closes them server-side).
open_connections: set[StreamConsumer] = set()
_background: set[asyncio.Task[None]] = set()


class StreamConsumer(AsyncWebsocketConsumer, ABC):
    """Delivers one stream; subclasses say which stream and who may watch it."""

    key = ""
    app = ""
    actor: Actor | None = None
    hub: StreamHub | None = None
    sub: Subscriber | None = None
    task: asyncio.Task[None] | None = None
    controller = False
    access: access_watch.Handle | None = None
    lost: Refusal | None = None

    @abstractmethod
    def resolve(self) -> bool:
        """Set ``key`` and ``app`` from the URL; False when the stream does not exist (sync)."""

    def authorize(self) -> tuple[bool, bool, bool]:
        """(exists, may watch, may control) in one trip to the database thread; the actor's
        role on the app is looked up once for both."""
        if not self.resolve():
            return False, False, False
        watch = may(self.actor, "watch", self.app)
        return True, watch, watch and may(self.actor, "control", self.app)

    async def connect(self) -> None:
        # Accept first: a close code sent before the handshake completes never reaches
        # the client (it only sees HTTP 403).
        await self.accept()
        query = parse_qs(self.scope.get("query_string", b"").decode())
        after = parse_after((query.get("after") or [""])[0])
        if self.scope.get("unavailable"):
            return await self.refuse(UNAVAILABLE_CODE, "unavailable", UNAVAILABLE)
        self.actor = Actor.of(self.scope.get("user"), self.scope.get("token"))
        if after is None:
            return await self.refuse(4400, "invalid", "after must be a seq: a whole number >= 0.")
        if self.actor is None:
            why = self.scope.get("auth_error") or "Log in, or send Authorization: Bearer <token>."
            return await self.refuse(4401, "unauthenticated", why)
        try:
            exists, watch, self.controller = await live_db(self.authorize)
        except DatabaseError:
            return await self.refuse(UNAVAILABLE_CODE, "unavailable", UNAVAILABLE)
        if not exists:
            return await self.refuse(4404, "not_found", "No such session or app.")
        if not watch:
            return await self.refuse(
                4403, "forbidden", f"Only members of the {self.app} team may watch this."
            )
        # A seq beyond the tail would skip every event up to it once they are written.
        if after and after > (tail := await live_db(services.tail, self.key)):
            return await self.refuse(
                4400,
                "invalid",
                f"after={after} is beyond the end of the stream (its last seq is {tail}): "
                f"resume from a seq this stream sent, at most after={tail}.",
            )
        self.hub, self.sub = await hubs.subscribe(self.key)  # join before reading the backlog
        live_subscribers.labels("websocket").inc()
        delivery = Delivery(
            key=self.key,
            hub=self.hub,
            sub=self.sub,
            after=after,
            send=self._send,
            caught_up=self.caught_up,
        )
        self.task = asyncio.get_running_loop().create_task(delivery.run())
        open_connections.add(self)
        self.access = access_watch.watch(self.actor, "watch", self.app, self._on_refused)
        await self.joined()

    def _on_refused(self, refusal: Refusal) -> None:
        task = asyncio.get_running_loop().create_task(self.lose_access(refusal))
        _background.add(task)
        task.add_done_callback(_background.discard)

    async def lose_access(self, refusal: Refusal) -> None:
        """Stop delivering and close for good: the caller may no longer watch (or act)."""
        if self.lost is not None:
            return
        self.lost = refusal
        if self.task is not None:
            self.task.cancel()
        await self.refuse(REFUSAL_CODES[refusal.code], refusal.code, refusal.reason)

    async def refuse(self, code: int, error: str, message: str) -> None:
        await self.error(error, message)
        await self.close(code)

    async def joined(self) -> None:
        pass

    async def caught_up(self) -> None:
        """The backlog was sent (runs in the delivery task; must not raise)."""

    async def disconnect(self, code: int) -> None:
        open_connections.discard(self)
        if self.access is not None:
            self.access.unwatch()
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task
        if self.hub is not None and self.sub is not None:
            await hubs.unsubscribe(self.hub, self.sub)
            live_subscribers.labels("websocket").dec()
            self.hub = None
            await self.left()

    async def left(self) -> None:
        pass

    async def _send(self, frame: str) -> None:
        # Every delivered frame: straight to the server's send (see KeepAsgiSend), or to
        # Channels' own when the consumer is served without it.
        await self.scope.get(ASGI_SEND, self.base_send)({"type": "websocket.send", "text": frame})

    async def error(self, code: str, message: str) -> None:
        await self.send(text_data=json.dumps({"error": {"code": code, "message": message}}))

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.lost is not None:
            return  # closed for lost access; frames still in flight do nothing
        try:
            frame = jsonlimits.loads(text_data or "")
        except jsonlimits.TooDeep as exc:
            return await self.error("malformed", str(exc))
        except ValueError:
            return await self.error("malformed", 'Frames must be JSON, like {"op": "stop"}.')
        if not isinstance(frame, dict) or not isinstance(frame.get("op"), str):
            return await self.error("malformed", 'A frame is an object with an "op" string.')
        await self.handle(frame["op"], frame)

    async def handle(self, op: str, frame: dict[str, Any]) -> None:
        await self.error("unknown_op", f"Unknown op {op!r}: this stream is read-only.")


class AppFeedConsumer(StreamConsumer):
    def resolve(self) -> bool:
        app = self.scope["url_route"]["kwargs"]["app"]
        if app not in hosted_apps:
            return False
        self.app, self.key = app, app_stream(app)
        return True
