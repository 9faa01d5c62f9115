"""The resume algorithm of one connection: exactly once, in order, across reconnects.

1. The connection has already joined its stream's hub (so nothing committed from now on
   can be missed), then 2. reads the backlog from the log after the client's ``after``,
   then 3. delivers live batches from the hub, skipping ``seq <= last_sent``, and
   backfilling from the log when a batch starts beyond ``last_sent + 1``. 4. When the hub
   marked the queue overflowed (a slow reader), the queue is dropped and the log read
   instead. 5. The hub's periodic tail check wakes a connection that is behind the hub's
   position (``Subscriber.sent``), so a lost wake-up at the stream's end is still closed
   without a timer per connection.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

from steward.live.backlog import catch_up
from steward.live.db import live_db
from steward.live.hub import Batch, StreamHub, Subscriber
from steward.metrics.definitions import live_delivery_lag

# The largest array frame sent to a client that is behind.
MAX_FRAME_EVENTS = 500
COALESCE_SECONDS = 0.005
# Streams with more readers than this observe the delivery lag of a random sample of them.
LAG_SAMPLE = 32


class Delivery:
    def __init__(
        self,
        *,
        key: str,
        hub: StreamHub,
        sub: Subscriber,
        after: int,
        send: Callable[[str], Awaitable[None]],
        caught_up: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.caught_up = caught_up  # called once, after the backlog was sent
        self.key = key
        self.hub = hub
        self.sub = sub
        sub.sent = after
        self.send = send
        self.sent_at = 0.0

    @property
    def last_sent(self) -> int:
        """The last seq this connection was sent: kept on its Subscriber, where the hub's
        tail check reads it."""
        return self.sub.sent

    async def run(self) -> None:
        await self.backfill()
        if self.caught_up is not None:
            await self.caught_up()
        while True:
            if self.sub.overflowed:
                self.sub.overflowed = False
                self.sub.take()
                await self.backfill()
                continue
            if not self.sub.pending:
                await self.sub.ready.wait()  # a batch, an overflow, or the hub's tail check
            if self.sub.overflowed:
                continue
            if not self.sub.pending:
                self.sub.ready.clear()  # the tail check: the log has what the hub fetched
                if self.hub.fetched > self.last_sent:
                    await self.backfill()
                continue
            if time.monotonic() - self.sent_at < COALESCE_SECONDS:
                # Events are arriving back to back (a burst): wait a moment and send them
                # as one array frame instead of many small ones. Paced streams never wait.
                await asyncio.sleep(COALESCE_SECONDS)
            batches = self.sub.take()
            if batches:
                await self.deliver(batches)
                self.sent_at = time.monotonic()

    async def deliver(self, batches: list[Batch]) -> None:
        frame = self._following(batches)
        if frame is not None:
            await self.send(frame)
            self.sub.sent = batches[-1].seqs[-1]
        else:
            await self._deliver_each(batches)
        # Commit → send, for live batches only (not backlog reads). A stream with many
        # readers records a sample of them: the distribution is the same, and observing
        # every delivery costs a fifth of the server's time at 1,000 readers.
        readers = len(self.hub.subscribers)
        if readers > LAG_SAMPLE and random.random() * readers >= LAG_SAMPLE:
            return
        sent_at = time.time()
        for batch in batches:
            if batch.committed:
                live_delivery_lag.observe(max(0.0, sent_at - batch.committed))

    def _following(self, batches: list[Batch]) -> str | None:
        """The batches as one frame when they follow what was sent without a gap or an
        overlap (the common case: a paced stream, or a reader a few batches behind); None
        when they need sorting event by event."""
        expected = self.sub.sent + 1
        for batch in batches:
            seqs = batch.seqs
            if seqs[0] != expected or seqs[-1] - seqs[0] != len(seqs) - 1:
                return None
            expected = seqs[-1] + 1
        if expected - batches[0].seqs[0] > MAX_FRAME_EVENTS:
            return None
        if len(batches) == 1:
            return batches[0].frame  # built once for every reader of the batch
        return "[" + ",".join(text for batch in batches for text in batch.texts) + "]"

    async def _deliver_each(self, batches: list[Batch]) -> None:
        """Send what follows ``last_sent`` in order: skip what was sent, backfill gaps."""
        seqs: list[int] = []
        texts: list[str] = []
        for batch in batches:
            for seq, text in zip(batch.seqs, batch.texts, strict=True):
                expected = (seqs[-1] if seqs else self.last_sent) + 1
                if seq > expected:
                    # Something never reached the hub's queue: the log has it.
                    await self._flush(seqs, texts)
                    await self.backfill()
                    expected = self.last_sent + 1
                if seq < expected:
                    continue  # already sent (backlog overlap or a duplicate wake-up)
                if seq == expected:
                    seqs.append(seq)
                    texts.append(text)
                # seq > expected even after a backfill: not visible yet; the tail check
                # delivers it from the log in order.
        await self._flush(seqs, texts)

    async def backfill(self) -> None:
        """Send everything in the log after ``last_sent``, in array frames."""
        while True:
            events = await live_db(catch_up, self.key, self.last_sent)
            if not events:
                return
            await self._flush(
                [e["seq"] for e in events], [json.dumps(e, separators=(",", ":")) for e in events]
            )

    async def _flush(self, seqs: list[int], texts: list[str]) -> None:
        for start in range(0, len(seqs), MAX_FRAME_EVENTS):
            chunk = texts[start : start + MAX_FRAME_EVENTS]
            await self.send(chunk[0] if len(chunk) == 1 else "[" + ",".join(chunk) + "]")
            self.sub.sent = seqs[min(len(seqs), start + MAX_FRAME_EVENTS) - 1]
        seqs.clear()
        texts.clear()


def parse_after(raw: Any) -> int | None:
    """The ``after`` query value as a seq (0 when absent), or None when it is not one: plain
    ASCII digits only (``int()`` would also take " 5", "+5", "5_0" and other scripts' digits).
    Whether the seq exists is the caller's to check against the stream's tail."""
    if raw in (None, ""):
        return 0
    if not isinstance(raw, str) or not (raw.isascii() and raw.isdigit()) or len(raw) > 19:
        return None
    return int(raw)
