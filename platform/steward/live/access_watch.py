"""Ends open connections whose caller lost access: within CHECK_SECONDS of the change.

Every open WebSocket, SSE stream, long-poll and MCP stream of this process registers here
with its actor. One task per event loop re-checks all of them every CHECK_SECONDS with one
``access.recheck.refusals`` call (at most three queries, however many connections are open)
and calls each refused connection's ``on_refused`` once. A database that does not answer
refuses nobody: an outage is not a revocation.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import DatabaseError

from steward.access.actors import Actor
from steward.access.authorization import Verb
from steward.access.recheck import Refusal, refusals
from steward.live.db import live_db

log = logging.getLogger(__name__)

CHECK_SECONDS = 0.5

_ids = itertools.count()


@dataclass
class Watched:
    actor: Actor
    verb: Verb
    app: str
    on_refused: Callable[[Refusal], None]
    refused: Refusal | None = None


class AccessWatch:
    """The watched connections of one event loop and the task that re-checks them."""

    def __init__(self) -> None:
        self.watched: dict[int, Watched] = {}
        self.task: asyncio.Task[None] | None = None

    def add(self, watched: Watched) -> int:
        key = next(_ids)
        self.watched[key] = watched
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())
        return key

    async def _run(self) -> None:
        while self.watched:
            await asyncio.sleep(CHECK_SECONDS)
            try:
                await self.check()
            except Exception:  # one bad tick must not stop the watch of every connection
                log.exception("Access re-check failed; trying again next tick")

    async def check(self) -> None:
        items = [(k, w) for k, w in self.watched.items() if w.refused is None]
        if not items:
            return
        try:
            answers = await live_db(refusals, [(w.actor, w.verb, w.app) for _, w in items])
        except DatabaseError:
            log.warning("Access re-check skipped: the database does not answer")
            return
        for (key, watched), refusal in zip(items, answers, strict=True):
            if refusal is not None and key in self.watched:
                watched.refused = refusal
                watched.on_refused(refusal)


_watches: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, AccessWatch] = (
    weakref.WeakKeyDictionary()
)


def watch(actor: Actor, verb: Verb, app: str, on_refused: Callable[[Refusal], None]) -> Handle:
    """Call ``on_refused`` (once, on this loop) when ``actor`` may no longer ``verb`` in
    ``app``; ``unwatch`` the handle when the connection ends."""
    loop = asyncio.get_running_loop()
    registry = _watches.get(loop)
    if registry is None:
        registry = _watches[loop] = AccessWatch()
    watched = Watched(actor, verb, app, on_refused)
    return Handle(registry, registry.add(watched), watched)


@dataclass
class Handle:
    registry: AccessWatch
    key: int
    watched: Watched

    @property
    def refused(self) -> Refusal | None:
        return self.watched.refused

    def unwatch(self) -> None:
        self.registry.watched.pop(self.key, None)


@contextlib.contextmanager
def watching(actor: Actor, verb: Verb, app: str, wake: asyncio.Event) -> Iterator[Handle]:
    """``watch`` for the length of a block; ``wake`` is set when access is lost."""
    handle = watch(actor, verb, app, lambda _: wake.set())
    try:
        yield handle
    finally:
        handle.unwatch()
