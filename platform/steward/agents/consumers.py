"""WebSocket edge of a session: its log, delivered live, and the ops that control its runs.

Client frames: ``{"op": "say", "text"}`` (a message that starts a run), ``{"op": "stop",
"run"?}`` and ``{"op": "steer", "text", "run"?}``; each calls one service of
steward.agents.services. Delivery, close codes and error frames: steward.live.consumers.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from steward.access.recheck import refusals
from steward.agents import services
from steward.agents.exceptions import CannotStartRun
from steward.live import services as live
from steward.live.consumers import StreamConsumer
from steward.live.db import live_db
from steward.live.models import Session, session_stream

MAX_TEXT = 20_000

_background: set[asyncio.Task[None]] = set()


class SessionConsumer(StreamConsumer):
    session_id = ""

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
        assert self.actor is not None
        with contextlib.suppress(Exception):  # presence is informative; never fail a socket
            await live_db(
                live.append,
                session_id=self.session_id,
                type=type,
                data={"who": self.actor.label},
                by=self.actor.label,
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
        actor, sid = self.actor, self.session_id
        assert actor is not None
        # Read fresh before every op: a token revoked a moment ago must not start a run.
        control, watch = await live_db(
            refusals, [(actor, "control", self.app), (actor, "watch", self.app)]
        )
        if watch is not None:
            return await self.lose_access(watch)
        if control is not None:
            return await self.error("forbidden", control.reason)
        try:
            if op == "stop":
                await live_db(services.stop, session_id=sid, by=actor.label, run=run)
            elif op == "steer":
                await live_db(
                    services.steer, session_id=sid, text=str(text), by=actor.label, run=run
                )
            else:
                await live_db(services.say, session_id=sid, text=str(text), actor=actor)
        except CannotStartRun as exc:
            await self.error("forbidden", str(exc))
