"""Wake-ups for live readers (long-poll, SSE) of generic streams.

The database stores; this only signals. After each commit the writer wakes the readers of
that stream in its own process directly and, with Redis, every other process through one
PUBLISH (live.wakeups' publisher). Each process holds one pattern subscription per event
loop. A lost wake-up costs latency, never data: waiters re-read the database at least
every ``POLL_SECONDS``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from django.conf import settings

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0


@dataclass(eq=False)
class Watch:
    """One waiting reader: set when its stream changed since it last looked."""

    path: str
    loop: asyncio.AbstractEventLoop
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    async def wait(self, timeout: float) -> None:
        """Until the stream changes, ``timeout`` passes or the poll interval is up."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(max(0.0, min(timeout, POLL_SECONDS))):
                await self.changed.wait()
        self.changed.clear()


class Watches:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_path: dict[str, set[Watch]] = {}
        self._listeners: dict[asyncio.AbstractEventLoop, asyncio.Task[None]] = {}

    @contextlib.asynccontextmanager
    async def watch(self, path: str) -> AsyncIterator[Watch]:
        """Register before reading, so a change between the read and the wait is seen."""
        loop = asyncio.get_running_loop()
        entry = Watch(path, loop)
        with self._lock:
            self._by_path.setdefault(path, set()).add(entry)
        if settings.REDIS_URL and loop not in self._listeners:
            self._listeners[loop] = loop.create_task(_listen(self))
        try:
            yield entry
        finally:
            with self._lock:
                entries = self._by_path.get(path, set())
                entries.discard(entry)
                if not entries:
                    self._by_path.pop(path, None)

    def wake(self, path: str) -> None:
        """From any thread: wake this process's readers of ``path``."""
        with self._lock:
            entries = list(self._by_path.get(path, ()))
        for entry in entries:
            if not entry.loop.is_closed():
                with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                    entry.loop.call_soon_threadsafe(entry.changed.set)


watches = Watches()


def channel(path: str) -> str:
    return f"{settings.STEWARD_REDIS_PREFIX}:ds:{path}"


def publish(path: str) -> None:
    """Signal that the stream at ``path`` changed (appended, closed or deleted)."""
    watches.wake(path)
    if settings.REDIS_URL:
        from steward.live.wakeups import publisher

        try:
            publisher().send(channel(path), "1")
        except OSError:  # readers poll the database anyway
            log.warning("ds wake-up for %s not published", path, exc_info=True)


async def _listen(registry: Watches) -> None:
    from steward.live.redis_listener import open_connection, read_reply
    from steward.live.resp import command

    prefix = channel("").encode()
    while True:
        try:
            reader, writer = await open_connection(settings.REDIS_URL)
            writer.write(command("PSUBSCRIBE", channel("*")))
            while True:
                reply = await read_reply(reader)
                if isinstance(reply, list) and len(reply) == 4 and reply[0] == b"pmessage":
                    name: bytes = reply[2]
                    registry.wake(name[len(prefix) :].decode())
        except asyncio.CancelledError:
            raise
        except Exception:  # waiters poll the database meanwhile
            log.warning("ds Redis listener lost its connection; reconnecting", exc_info=True)
            await asyncio.sleep(0.5)
