"""Followers of a session that behave like real clients behind a proxy: whenever their
connection ends they connect again and resume after the last event they received, over a
WebSocket (``/ws/sessions/<id>/?after=<seq>``), Durable Streams SSE or long-poll
(``/streams/sessions/<id>?offset=…``). They record every event as received, duplicates
included, so a test can compare what each got with the durable log.

They run on an event loop of their own thread (``following``), so the test's thread stays
free for the ORM and for killing processes; the test tells each follower where the log ends
(``target``) once every writer is done.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import websockets

# A line per long-poll request would bury a failing test's report.
logging.getLogger("httpx").setLevel(logging.WARNING)

RETRY_PAUSE = 0.2
POLL = 0.5  # how often a quiet follower looks whether it is done


@dataclass
class Follower:
    base: str  # the proxy's http:// URL
    session_id: str
    cookie: str
    transport: str  # "ws" | "sse" | "long-poll"
    events: list[dict[str, Any]] = field(default_factory=list)
    connections: int = 0
    drops: list[str] = field(default_factory=list)  # why connections ended that it wanted open
    errors: list[Any] = field(default_factory=list)  # error frames and error responses
    target: int | None = None  # the log's last seq, set by the test when the writers are done
    ended_open: bool = False  # reached the target on a socket or SSE response still open

    @property
    def last(self) -> int:
        return int(self.events[-1]["seq"]) if self.events else 0

    def done(self) -> bool:
        return self.target is not None and self.last >= self.target

    def __str__(self) -> str:
        return f"{self.transport} follower of {self.session_id}"

    async def follow(self, deadline: float, stop: threading.Event) -> None:
        run = {"ws": self._websocket, "sse": self._sse, "long-poll": self._long_poll}
        connect = run[self.transport]
        async with httpx.AsyncClient(
            headers={"Cookie": self.cookie}, timeout=httpx.Timeout(30, connect=10), trust_env=False
        ) as client:
            while self._running(deadline, stop):
                try:
                    await connect(client, deadline, stop)
                except (
                    OSError,
                    TimeoutError,
                    websockets.WebSocketException,
                    httpx.HTTPError,
                ) as exc:
                    self.drops.append(f"{type(exc).__name__}: {exc}")
                    await asyncio.sleep(RETRY_PAUSE)

    def _take(self, frame: Any) -> None:
        for event in frame if isinstance(frame, list) else [frame]:
            if isinstance(event, dict) and "seq" in event:
                self.events.append(event)
            elif not (isinstance(event, dict) and event.get("type") == "presence.here"):
                self.errors.append(event)

    def _running(self, deadline: float, stop: threading.Event) -> bool:
        return not self.done() and not stop.is_set() and time.monotonic() < deadline

    async def _websocket(
        self, _: httpx.AsyncClient, deadline: float, stop: threading.Event
    ) -> None:
        url = f"{self.base.replace('http://', 'ws://', 1)}/ws/sessions/{self.session_id}/"
        async with websockets.connect(
            f"{url}?after={self.last}",
            additional_headers={"Cookie": self.cookie},
            open_timeout=15,
            close_timeout=2,
        ) as ws:
            self.connections += 1
            while self._running(deadline, stop):
                try:
                    self._take(json.loads(await asyncio.wait_for(ws.recv(), POLL)))
                except TimeoutError:
                    continue
            self.ended_open = self.done()

    def _url(self) -> str:
        return f"{self.base}/streams/sessions/{self.session_id}"

    def _offset(self) -> str:
        return f"{self.last:016d}" if self.events else "-1"

    async def _sse(self, client: httpx.AsyncClient, deadline: float, stop: threading.Event) -> None:
        params = {"offset": self._offset(), "live": "sse"}
        async with client.stream("GET", self._url(), params=params) as response:
            if response.status_code != 200:
                self.errors.append((response.status_code, (await response.aread())[:300]))
                await asyncio.sleep(RETRY_PAUSE)
                return
            self.connections += 1
            kind, data = "", ""
            async for line in response.aiter_lines():
                if line.startswith("event: "):
                    kind = line[len("event: ") :]
                elif line.startswith("data: "):
                    data += line[len("data: ") :]
                elif not line:  # the end of one SSE event
                    if kind == "data":
                        self._take(json.loads(data))
                    kind, data = "", ""
                if not self._running(deadline, stop):
                    self.ended_open = self.done()
                    return
        # The server ended the response (its SSE time limit): connect again from here.

    async def _long_poll(
        self, client: httpx.AsyncClient, deadline: float, stop: threading.Event
    ) -> None:
        while self._running(deadline, stop):
            params = {"offset": self._offset(), "live": "long-poll", "timeout": "5"}
            response = await client.get(self._url(), params=params)
            self.connections += 1
            if response.status_code == 200:
                self._take(response.json())
            elif response.status_code != 204:
                self.errors.append((response.status_code, response.text[:300]))
                await asyncio.sleep(RETRY_PAUSE)


@contextmanager
def following(followers: Sequence[Follower], timeout: float) -> Iterator[threading.Event]:
    """Run ``followers`` on a thread of their own for at most ``timeout`` seconds; leaving
    the block stops them (and waits for the thread). Yields the stop event."""
    stop = threading.Event()
    deadline = time.monotonic() + timeout

    async def all_of_them() -> None:
        await asyncio.gather(*(f.follow(deadline, stop) for f in followers))

    thread = threading.Thread(target=asyncio.run, args=(all_of_them(),), daemon=True)
    thread.start()
    try:
        yield stop
    finally:
        stop.set()
        thread.join(timeout=30)


def wait_until_done(followers: Sequence[Follower], timeout: float) -> list[Follower]:
    """Wait for every follower to reach its target; returns those that did not in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not all(f.done() for f in followers):
        time.sleep(0.1)
    return [f for f in followers if not f.done()]
