"""A small WebSocket test client (websockets library) for live tests against real servers."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from django.test import Client


def session_cookie(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


async def read_until(ws: Any, until: Any, timeout: float = 20) -> list[dict[str, Any]]:
    """Events from ``ws`` until ``until(events)``; error frames are returned as events too.
    The presence frame (who is here, not a log event: no seq) is left out."""
    events: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while not until(events):
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"timed out after {len(events)} events"
        frame = json.loads(await asyncio.wait_for(ws.recv(), remaining))
        if isinstance(frame, dict) and frame.get("type") == "presence.here":
            continue
        events.extend(frame if isinstance(frame, list) else [frame])
    return events
