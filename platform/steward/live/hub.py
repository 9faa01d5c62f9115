"""One hub per stream per process: the only reader of the log for live delivery.

Consumers never get one channel-layer message each per event. A process's hub for a stream
is woken once per commit (in-process directly, across processes through one Redis
subscription — see wakeups.py), reads what is new from the log once, serialises each event
once, and hands the batch to every local subscriber's bounded queue. A subscriber whose
queue is full is flagged ``overflowed`` and catches up from the log itself: a slow reader
costs its own reads, never data and never the other readers' latency.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from django.conf import settings

from steward.live import services
from steward.live.db import live_db

log = logging.getLogger(__name__)

# A subscriber may fall this many events behind before it reads the log instead. Pending
# batches hold references to texts shared by all subscribers, so this costs little memory.
QUEUE_EVENTS = 20_000
READ_LIMIT = 1000
# Subscriber.sent of a reader that does not track what it sent (seqs start at 1).
UNTRACKED = -1


@dataclass(frozen=True)
class Batch:
    """Consecutive events, each already serialised to its JSON frame text."""

    seqs: tuple[int, ...]
    texts: tuple[str, ...]
    committed: float = 0.0  # the first event's ts (epoch seconds): delivery lag is measured from it

    @cached_property
    def frame(self) -> str:
        """The batch as one frame: its event, or an array of them (built once, for every
        subscriber that sends the batch whole)."""
        texts = self.texts
        return texts[0] if len(texts) == 1 else "[" + ",".join(texts) + "]"

    @classmethod
    def of(cls, events: list[dict[str, Any]]) -> Batch:
        return cls(
            tuple(e["seq"] for e in events),
            tuple(json.dumps(e, separators=(",", ":")) for e in events),
            _epoch(events[0].get("ts")) if events else 0.0,
        )


def _epoch(ts: Any) -> float:
    """An event's ``ts`` ("2026-12-02T06:38:36.123Z") as epoch seconds; 0.0 when unreadable."""
    try:
        return datetime.fromisoformat(str(ts).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


@dataclass(eq=False)
class Subscriber:
    """A consumer's end of a hub: pending batches (bounded in events) and an overflow flag.

    Everything pending is taken at once, so a reader that fell behind gets one array frame
    instead of many small ones.
    """

    pending: list[Batch] = field(default_factory=list)
    count: int = 0
    overflowed: bool = False
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    # The last seq its reader sent, for readers that track it (a WebSocket's Delivery): the
    # hub's tail check wakes them while they are behind its position, so no reader needs a
    # timer of its own. UNTRACKED: long-polls and SSE re-read the log themselves.
    sent: int = UNTRACKED

    def offer(self, batch: Batch) -> None:
        if self.overflowed:
            return
        if self.count + len(batch.seqs) > QUEUE_EVENTS:
            self.overflowed = True
            self.pending, self.count = [], 0
        else:
            self.pending.append(batch)
            self.count += len(batch.seqs)
        self.ready.set()

    def take(self) -> list[Batch]:
        batches, self.pending, self.count = self.pending, [], 0
        self.ready.clear()
        return batches

    async def wait(self, timeout: float) -> bool:
        """True when something is pending (or the queue overflowed) within ``timeout``."""
        if self.pending or self.overflowed:
            return True
        try:
            async with asyncio.timeout(timeout):
                await self.ready.wait()
        except TimeoutError:
            return False
        return True


class StreamHub:
    def __init__(self, key: str, loop: asyncio.AbstractEventLoop, fetched: int) -> None:
        self.key = key
        self.loop = loop
        self.fetched = fetched
        self.subscribers: set[Subscriber] = set()
        self.inline: list[dict[str, Any]] = []
        self.dirty = asyncio.Event()
        self.poked = False
        self.reading = False  # the task is reading the log: pushes wait for it
        self.active = False  # something was fanned out since the last tail check
        self.task: asyncio.Task[None] | None = None

    def push(self, events: list[dict[str, Any]] | None) -> None:
        """Called on the hub's loop: new events (or just a poke) for this stream.

        The common case, the next events in order, is fanned out at once; anything else
        (a gap, a poke, events while others wait) goes to the hub's task and the log."""
        if events and not (self.inline or self.poked or self.reading):
            fresh = [e for e in events if e["seq"] > self.fetched]
            if not fresh:
                return  # late duplicates (in-process and through Redis)
            if self._follows(fresh):
                self._fan_out(fresh)
                return
        if events:
            self.inline.extend(events)
        else:
            self.poked = True  # a wake-up without its events: read the log
        self.dirty.set()

    def _follows(self, events: list[dict[str, Any]]) -> bool:
        return all(e["seq"] == self.fetched + 1 + i for i, e in enumerate(events))

    async def run(self) -> None:
        interval = settings.STEWARD_LIVE_TAIL_CHECK_MS / 1000
        failing = False
        while self.subscribers:
            timed_out = False
            try:
                async with asyncio.timeout(interval):
                    await self.dirty.wait()
            except TimeoutError:
                # Quiet for a whole interval: check the log's tail for a lost wake-up.
                timed_out, self.active = not self.active, False
                self._wake_laggards()
            self.dirty.clear()
            try:
                await self._deliver(read_log=timed_out)
                failing = False
            except Exception as exc:  # a failed read is retried at the next tail check
                if not failing:  # one line per outage, not one per tail check
                    log.warning("hub %s: reading the log failed (%s); retrying", self.key, exc)
                failing = True

    async def _deliver(self, *, read_log: bool) -> None:
        inline, self.inline = self.inline, []
        # The same event may arrive twice (in-process and through Redis): keep one of each.
        unique = {e["seq"]: e for e in inline if e["seq"] > self.fetched}
        fresh = [unique[seq] for seq in sorted(unique)]
        contiguous = bool(fresh) and self._follows(fresh)
        if contiguous:
            self._fan_out(fresh)
        if contiguous or not (fresh or self.poked or read_log):
            return  # delivered, or only late duplicates of what was already fanned out
        # A gap, a poke or a tail check: the log is the truth.
        self.poked, self.reading = False, True
        try:
            while True:
                rows = await live_db(services.read_dicts, self.key, self.fetched, READ_LIMIT)
                if rows:
                    self._fan_out(rows)
                if len(rows) < READ_LIMIT:
                    break
        finally:
            self.reading = False
        if self.inline:
            self.dirty.set()  # what arrived meanwhile

    def _wake_laggards(self) -> None:
        """Wake every reader that has sent less than the hub has fetched: something never
        reached its queue (or was not visible to its read yet) and the log has it."""
        for sub in self.subscribers:
            if UNTRACKED < sub.sent < self.fetched:
                sub.ready.set()

    def _fan_out(self, events: list[dict[str, Any]]) -> None:
        batch = Batch.of(events)
        self.fetched = batch.seqs[-1]
        self.active = True
        for sub in list(self.subscribers):
            sub.offer(batch)


class HubRegistry:
    """The process's hubs, by stream key and event loop."""

    def __init__(self) -> None:
        self._hubs: dict[str, list[StreamHub]] = {}
        self._listeners: dict[asyncio.AbstractEventLoop, Any] = {}

    async def subscribe(self, key: str) -> tuple[StreamHub, Subscriber]:
        loop = asyncio.get_running_loop()
        hub = self._find(key, loop)
        if hub is None:
            fetched = await live_db(services.tail, key)
            hub = self._find(key, loop)  # another consumer may have created it meanwhile
            if hub is None:
                hub = StreamHub(key, loop, fetched)
                self._hubs.setdefault(key, []).append(hub)
                await self._listen(loop, key)
        sub = Subscriber()
        hub.subscribers.add(sub)
        if hub.task is None or hub.task.done():
            hub.task = loop.create_task(hub.run())
        return hub, sub

    async def unsubscribe(self, hub: StreamHub, sub: Subscriber) -> None:
        hub.subscribers.discard(sub)
        if hub.subscribers:
            return
        hub.dirty.set()  # lets run() see that nobody listens any more
        hubs = self._hubs.get(hub.key, [])
        if hub in hubs:
            hubs.remove(hub)
        if not hubs:
            self._hubs.pop(hub.key, None)
            listener = self._listeners.get(hub.loop)
            if listener is not None:
                await listener.unlisten(hub.key)

    def notify_threadsafe(self, key: str, events: list[dict[str, Any]] | None) -> None:
        """From any thread: wake this process's hubs of ``key``."""
        for hub in list(self._hubs.get(key, ())):
            if hub.loop.is_closed():
                continue
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                hub.loop.call_soon_threadsafe(hub.push, events)

    def local_subscribers(self, key: str) -> int:
        return sum(len(h.subscribers) for h in self._hubs.get(key, ()))

    def _find(self, key: str, loop: asyncio.AbstractEventLoop) -> StreamHub | None:
        for hub in self._hubs.get(key, ()):
            if hub.loop is loop:
                return hub
        return None

    async def _listen(self, loop: asyncio.AbstractEventLoop, key: str) -> None:
        if not settings.REDIS_URL:
            return
        from steward.live.redis_listener import RedisListener

        listener = self._listeners.get(loop)
        if listener is None:
            listener = self._listeners[loop] = RedisListener(self)
        await listener.listen(key)


hubs = HubRegistry()
