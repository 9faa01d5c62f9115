"""WebSocket edge of a session: its log, delivered live, and the ops that control its runs.

After the backlog, the socket sends ``{"type": "presence.here", "here": [{"who", "connections"}]}``
(no seq: presence is current state, kept by steward.live.presence, not the log).
Client frames: ``{"op": "say", "text"}`` (a message that starts a run), ``{"op": "stop",
"run"?}`` and ``{"op": "steer", "text", "run"?}``; each calls one service of
steward.agents.services. Delivery, close codes and error frames: steward.live.consumers.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from steward.access.recheck import refusals
from steward.agents import services
from steward.agents.exceptions import CannotStartRun
from steward.live import presence
from steward.live.consumers import StreamConsumer
from steward.live.db import live_db
from steward.live.models import Session, session_stream

MAX_TEXT = 20_000

_background: set[asyncio.Task[None]] = set()


class SessionConsumer(StreamConsumer):
    session_id = ""
    presence_id: int | None = None

    def resolve(self) -> bool:
        session_id = self.scope["url_route"]["kwargs"]["session_id"]
        app = Session.objects.filter(pk=session_id).values_list("app", flat=True).first()
        if app is None:
            return False
        self.session_id, self.app, self.key = session_id, app, session_stream(session_id)
        return True

    async def caught_up(self) -> None:
        # Presence is current state (live.presence), not the log: a reconnect adds nothing
        # to the session's history. Late joiners read GET /api/sessions/<id>/presence.
        assert self.actor is not None
        with contextlib.suppress(Exception):  # presence is informative; never fail a socket
            self.presence_id = await live_db(
                presence.arrive, session_id=self.session_id, who=self.actor.label
            )
            await presence.keep_fresh()
            here = await live_db(presence.here, self.session_id)
            # No seq: not part of the log (durable-session.js hands it to onPresence).
            await self._send(json.dumps({"type": "presence.here", "here": here}))

    async def left(self) -> None:
        if self.presence_id is None:
            return
        # Not awaited: a closing socket must not wait for the database (daphne kills
        # consumers that take long to shut down, e.g. when many leave at once).
        task = asyncio.get_running_loop().create_task(self._depart(self.presence_id))
        self.presence_id = None
        _background.add(task)
        task.add_done_callback(_background.discard)

    async def _depart(self, presence_id: int) -> None:
        with contextlib.suppress(Exception):  # a stale row stops counting after STALE_SECONDS
            await live_db(presence.depart, presence_id=presence_id)

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
