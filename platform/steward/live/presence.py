"""Who is in a session now: one row per open socket, not an event per reconnect.

Presence is current state, so it is kept in a small table (``live.Presence``) instead of the
durable log, where every reconnect of a flaky phone used to add two events for good. A
socket's row is written on join and deleted on leave; each process refreshes ``seen`` on its
rows every ``REFRESH_SECONDS`` (one UPDATE per process), so the rows of a process that was
killed stop counting after ``STALE_SECONDS``. Readers: ``GET /api/sessions/<id>/presence``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone

from steward.live.db import live_db
from steward.live.models import Presence

REFRESH_SECONDS = 30.0
STALE_SECONDS = 90.0
PROCESS = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

_refresher: asyncio.Task[None] | None = None


def arrive(*, session_id: str, who: str) -> int:
    """A socket joined ``session_id`` as ``who``: its row's id (to pass to ``depart``)."""
    row = Presence.objects.create(
        session_id=session_id, who=who, process=PROCESS, seen=timezone.now()
    )
    return row.pk


def depart(*, presence_id: int) -> None:
    Presence.objects.filter(pk=presence_id).delete()


def here(session_id: str) -> list[dict[str, Any]]:
    """Who is in the session now, by label, with how many sockets each has open."""
    fresh = timezone.now() - timedelta(seconds=STALE_SECONDS)
    counts: dict[str, int] = {}
    rows = Presence.objects.filter(session_id=session_id, seen__gte=fresh).order_by("pk")
    for who in rows.values_list("who", flat=True):
        counts[who] = counts.get(who, 0) + 1
    return [{"who": who, "connections": n} for who, n in counts.items()]


def refresh() -> int:
    """Mark this process's sockets as still here; drop every process's stale rows."""
    now = timezone.now()
    Presence.objects.filter(seen__lt=now - timedelta(seconds=STALE_SECONDS)).delete()
    return Presence.objects.filter(process=PROCESS).update(seen=now)


async def keep_fresh() -> None:
    """Start (once per process and loop) the task that refreshes this process's rows."""
    global _refresher
    loop = asyncio.get_running_loop()
    if _refresher is None or _refresher.done() or _refresher.get_loop() is not loop:
        _refresher = loop.create_task(_refresh_forever())


async def _refresh_forever() -> None:
    while True:
        await asyncio.sleep(REFRESH_SECONDS)
        with contextlib.suppress(Exception):  # a database outage must not end the loop
            await live_db(refresh)
