"""WebSocket edge of the durable sessions and app feeds (close codes: see routing.py).

Server frames: one event object, or a JSON array of events in order; errors are
``{"error": {"code", "message"}}`` and leave the socket open. Client frames on a session:
``{"op": "stop", "run"?}``, ``{"op": "steer", "text", "run"?}``, ``{"op": "say", "text"}``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from abc import ABC, abstractmethod
from typing import Any
from urllib.parse import parse_qs

from channels.generic.websocket import AsyncWebsocketConsumer

from steward import jsonlimits
from steward.hosting.registry import hosted_apps
from steward.live import services
from steward.live.access import Caller, can_control, can_watch
from steward.live.db import live_db
from steward.live.delivery import Delivery, parse_after
from steward.live.hub import StreamHub, Subscriber, hubs
from steward.live.models import Session, app_stream, session_stream

MAX_TEXT = 20_000

# Every open live connection of this process (the test hook closes them server-side).
open_connections: set[StreamConsumer] = set()
_background: set[asyncio.Task[None]] = set()


class StreamConsumer(AsyncWebsocketConsumer, ABC):
    """Delivers one stream; subclasses say which stream and who may watch it."""

    key = ""
    app = ""
    caller: Caller | None = None
    hub: StreamHub | None = None
    sub: Subscriber | None = None
    task: asyncio.Task[None] | None = None
    controller = False

    @abstractmethod
    def resolve(self) -> bool:
        """Set ``key`` and ``app`` from the URL; False when the stream does not exist (sync)."""

    def authorize(self) -> tuple[bool, bool, bool]:
        """(exists, may watch, may control) in one trip to the database thread."""
        if not self.resolve():
            return False, False, False
        watch = can_watch(self.caller, self.app)
        return True, watch, watch and can_control(self.caller, self.app)

    async def connect(self) -> None:
        # Accept first: a close code sent before the handshake completes never reaches
        # the client (it only sees HTTP 403).
        await self.accept()
        query = parse_qs(self.scope.get("query_string", b"").decode())
        after = parse_after((query.get("after") or [""])[0])
        self.caller = Caller.of(self.scope.get("user"), self.scope.get("token"))
        if after is None:
            return await self.refuse(4400, "invalid", "after must be a seq: a whole number >= 0.")
        if self.caller is None:
            why = self.scope.get("auth_error") or "Log in, or send Authorization: Bearer <token>."
            return await self.refuse(4401, "unauthenticated", why)
        exists, watch, self.controller = await live_db(self.authorize)
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
        delivery = Delivery(key=self.key, hub=self.hub, sub=self.sub, after=after, send=self._send)
        self.task = asyncio.get_running_loop().create_task(delivery.run())
        open_connections.add(self)
        await self.joined()

    async def refuse(self, code: int, error: str, message: str) -> None:
        await self.error(error, message)
        await self.close(code)

    async def joined(self) -> None:
        pass

    async def disconnect(self, code: int) -> None:
        open_connections.discard(self)
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task
        if self.hub is not None and self.sub is not None:
            await hubs.unsubscribe(self.hub, self.sub)
            self.hub = None
            await self.left()

    async def left(self) -> None:
        pass

    async def _send(self, frame: str) -> None:
        await self.send(text_data=frame)

    async def error(self, code: str, message: str) -> None:
        await self.send(text_data=json.dumps({"error": {"code": code, "message": message}}))

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
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


class SessionConsumer(StreamConsumer):
    def resolve(self) -> bool:
        session_id = self.scope["url_route"]["kwargs"]["session_id"]
        app = Session.objects.filter(pk=session_id).values_list("app", flat=True).first()
        if app is None:
            return False
        self.session_id, self.app, self.key = session_id, app, session_stream(session_id)
        return True

    async def joined(self) -> None:
        await self._presence("presence.joined")

    async def left(self) -> None:
        # Not awaited: a closing socket must not wait for the database (daphne kills
        # consumers that take long to shut down, e.g. when many leave at once).
        task = asyncio.get_running_loop().create_task(self._presence("presence.left"))
        _background.add(task)
        task.add_done_callback(_background.discard)

    async def _presence(self, type: str) -> None:
        assert self.caller is not None
        with contextlib.suppress(Exception):  # presence is informative; never fail a socket
            await live_db(
                services.append,
                session_id=self.session_id,
                type=type,
                data={"who": self.caller.label},
                by=self.caller.label,
            )

    async def handle(self, op: str, frame: dict[str, Any]) -> None:
        if op not in ("stop", "steer", "say"):
            return await self.error(
                "unknown_op", f"Unknown op {op!r}: use stop, steer (with text) or say (with text)."
            )
        if not self.controller:
            return await self.error(
                "forbidden",
                f"Viewers may watch but not {op}: that needs the operator role on the "
                f"{self.app} team (or a writable token of the app).",
            )
        text = frame.get("text")
        run = frame.get("run") if isinstance(frame.get("run"), str) else None
        if op != "stop" and (not isinstance(text, str) or not text.strip()):
            return await self.error("invalid", f'{op} needs a non-empty "text" string.')
        if isinstance(text, str) and len(text) > MAX_TEXT:
            return await self.error("invalid", f"text is longer than {MAX_TEXT} characters.")
        assert self.caller is not None
        by, sid = self.caller.label, self.session_id
        if op == "stop":
            call = lambda: services.stop(session_id=sid, by=by, run=run)  # noqa: E731
        elif op == "steer":
            call = lambda: services.steer(session_id=sid, text=str(text), by=by, run=run)  # noqa: E731
        else:
            actor = self.caller.actor()
            call = lambda: services.say(session_id=sid, text=str(text), by=by, actor=actor)  # noqa: E731
        await live_db(call)


class AppFeedConsumer(StreamConsumer):
    def resolve(self) -> bool:
        app = self.scope["url_route"]["kwargs"]["app"]
        if app not in hosted_apps:
            return False
        self.app, self.key = app, app_stream(app)
        return True
