"""Helpers for live tests: an in-process WebSocket client and a synthetic run writer."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from steward.live.middleware import BearerTokenMiddleware
from steward.routing import websocket_urlpatterns


def communicator(path: str, user: Any = None, headers: list[tuple[bytes, bytes]] | None = None):  # type: ignore[no-untyped-def]
    app = BearerTokenMiddleware(URLRouter(websocket_urlpatterns))
    comm = WebsocketCommunicator(app, path, headers=headers or [])
    if user is not None:
        comm.scope["user"] = user
    return comm


async def receive_events(comm: WebsocketCommunicator, timeout: float = 5) -> list[dict[str, Any]]:
    """One frame's events (an object or an array). The ``presence.here`` frame a session
    socket sends after its backlog has no seq and is not an event of the log: skipped (the
    next frame is read instead)."""
    while True:
        frame = json.loads(await comm.receive_from(timeout=timeout))
        if not (isinstance(frame, dict) and frame.get("type") == "presence.here"):
            return frame if isinstance(frame, list) else [frame]


async def collect(
    comm: WebsocketCommunicator, until: Any, timeout: float = 60
) -> list[dict[str, Any]]:
    """Events until ``until(events)`` is true (the timeout only bounds a hang: a loaded
    machine may take long, and the test asserts what arrives, not how fast)."""
    events: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while not until(events):
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"timed out after {len(events)} events"
        events.extend(await receive_events(comm, remaining))
    return events


def write_in_thread(session_id: str, count: int, rate: float = 0) -> threading.Thread:
    """A run writer in a thread of this process (like the embedded in-process runner)."""
    from tests.live.writer import synthetic_run

    thread = threading.Thread(
        target=synthetic_run, kwargs={"session_id": session_id, "events": count, "rate": rate}
    )
    thread.start()
    return thread
