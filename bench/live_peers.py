"""The live benchmark's contenders, side by side: how each one's subscriber reads, how its
writer writes, and which server process holds its connections (imported by bench.live_child,
which has configured Django).

- ``steward``: a session socket on Steward's daphne; the writer appends through
  ``steward.live.services`` in its own process (bench.live_writer), like a Celery worker.
- ``websockets``: the raw broadcast server (bench.peer_ws_server), the ceiling; not durable.
- ``redis-streams``: the writer XADDs, each subscriber runs ``XREAD BLOCK`` on its own
  connection (redis-py asyncio), from the stream's start, so nothing is missed; durable as
  long as Redis keeps the stream. The server is Redis itself (shared, so its memory figure is
  the growth of its whole RSS while the subscribers are connected).
- ``eventstream``: django-eventstream's SSE view on a daphne of its own
  (bench.settings_eventstream: model storage, Redis pub/sub between processes); subscribers
  are httpx streams (one shared client, as a browser shares its connection pool).
- ``channels``: stock Channels ``group_send`` through channels-redis (bench.baseline_consumer,
  on a daphne of its own so that its memory is its own); not durable.

Each peer's writer is a separate process (bench.peer_writer) sending the same envelope as
Steward's, so the only difference is the path from the writer to the subscribers.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import redis.asyncio
from websockets.asyncio.client import connect

from bench.live_common import BASE, HEADERS, events_of
from steward.live import services

# One subscriber's read: the events (their ``data``) that arrived within ``timeout`` seconds,
# possibly none (a frame that is no event); TimeoutError when nothing came at all.
Reader = Callable[[float], Awaitable[list[dict[str, Any]]]]
SERVERS: dict[str, Any] = json.loads(os.environ.get("BENCH_LIVE_PEERS", "{}"))
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


def bodies(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The writer's payloads (index ``i``, send time ``t``) among ``events``."""
    out = []
    for e in events:
        body = e.get("data") if "seq" in e else e
        if isinstance(body, dict) and "i" in body:
            out.append(body)
    return out


@asynccontextmanager
async def websocket(url: str, *, first_frame: bool = False) -> AsyncIterator[Reader]:
    """A WebSocket subscriber; subscribed once open (or, with ``first_frame``, once the
    server's first frame came: a Steward session socket joins its hub before it)."""
    async with connect(url, additional_headers=HEADERS, max_size=None, open_timeout=60) as ws:
        if first_frame:
            await asyncio.wait_for(ws.recv(), 60)

        async def read(timeout: float) -> list[dict[str, Any]]:
            # A timeout scope, not wait_for: wait_for wraps each read in a task of its own,
            # which at 50,000 frames a second costs the measuring process a fifth of its time.
            async with asyncio.timeout(timeout):
                frame = await ws.recv()
            return bodies(events_of(frame))

        yield read


@asynccontextmanager
async def stream_reader(key: str) -> AsyncIterator[Reader]:
    """A Redis Streams subscriber on its own connection, reading from the stream's start."""
    # No socket timeout: XREAD BLOCK waits on the socket longer than redis-py's default 5 s.
    client = redis.asyncio.Redis.from_url(REDIS, single_connection_client=True, socket_timeout=None)
    await client.ping()
    last = "0-0"

    async def read(timeout: float) -> list[dict[str, Any]]:
        nonlocal last
        reply = await client.xread({key: last}, block=max(1, int(timeout * 1000)))
        if not reply:
            raise TimeoutError
        entries = reply[0][1]
        last = entries[-1][0]
        return bodies([json.loads(fields[b"e"]) for _, fields in entries])

    try:
        yield read
    finally:
        await client.aclose()


_http: dict[asyncio.AbstractEventLoop, httpx.AsyncClient] = {}


@asynccontextmanager
async def sse(url: str) -> AsyncIterator[Reader]:
    """An SSE subscriber; subscribed once the server's first event (stream-open) came."""
    loop = asyncio.get_running_loop()
    client = _http.get(loop)
    if client is None:
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=0)
        client = _http[loop] = httpx.AsyncClient(timeout=None, limits=limits)
    async with client.stream("GET", url) as response:
        lines = response.aiter_lines()

        async def next_event() -> tuple[str, str]:
            kind, data = "message", []
            async for line in lines:
                if not line:
                    if data or kind != "message":
                        return kind, "\n".join(data)
                    continue
                field, _, value = line.partition(":")
                if field == "event":
                    kind = value.strip()
                elif field == "data":
                    data.append(value.removeprefix(" "))
            raise ConnectionError("the event stream ended")

        await asyncio.wait_for(next_event(), 60)  # stream-open: the listener is registered

        async def read(timeout: float) -> list[dict[str, Any]]:
            async with asyncio.timeout(timeout):  # as the WebSocket's read (above)
                kind, data = await next_event()
            return bodies(events_of(data)) if kind == "message" and data else []

        yield read


@dataclass(frozen=True)
class Peer:
    name: str
    durable: bool
    keys: Callable[[int], list[str]]  # n new streams (sessions, rooms, channels)
    subscriber: Callable[[str], AbstractAsyncContextManager[Reader]]
    writer: Callable[[list[str], int, float], list[str]]  # the writer process's argv
    pid: Callable[[], int]  # the process that holds the subscribers' connections

    def start_writer(self, keys: list[str], count: int, rate: float) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            self.writer(keys, count, rate),
            env=self.env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )

    def env(self) -> dict[str, str]:
        if self.name != "eventstream":
            return dict(os.environ)
        return {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings_eventstream"}


def _names(prefix: str) -> Callable[[int], list[str]]:
    return lambda n: [f"{prefix}{os.getpid()}x{time.monotonic_ns()}x{i}" for i in range(n)]


def _sessions(n: int) -> list[str]:
    return [
        str(services.create_session(app="ideaboard", title="b", created_by=None).id)
        for _ in range(n)
    ]


def _peer_writer(peer: str, url: str) -> Callable[[list[str], int, float], list[str]]:
    def argv(keys: list[str], count: int, rate: float) -> list[str]:
        spec = {"peer": peer, "keys": keys, "count": count, "rate": rate, "url": url}
        return [sys.executable, "-m", "bench.peer_writer", json.dumps(spec)]

    return argv


def _steward_writer(keys: list[str], count: int, rate: float) -> list[str]:
    spec = {"mode": "deltas", "sessions": keys, "count": count, "rate": rate}
    return [sys.executable, "-m", "bench.live_writer", json.dumps(spec)]


def _redis_pid() -> int:
    import redis as sync_redis

    return int(sync_redis.Redis.from_url(REDIS).info("server")["process_id"])


def _server(name: str) -> Callable[[], int]:
    return lambda: int(SERVERS[name]["pid"])


def peers() -> dict[str, Peer]:
    """Every contender, Steward first, in the order the figures print them."""
    ws_url = SERVERS.get("websockets", {}).get("url", "").replace("http://", "ws://")
    es_url = SERVERS.get("eventstream", {}).get("url", "")
    channels_url = SERVERS.get("channels", {}).get("url", "").replace("http://", "ws://")
    return {
        "steward": Peer(
            "steward",
            True,
            _sessions,
            lambda key: websocket(f"{BASE}/ws/sessions/{key}/", first_frame=True),
            _steward_writer,
            _server("steward"),
        ),
        "websockets": Peer(
            "websockets",
            False,
            _names("room"),
            lambda key: websocket(f"{ws_url}/sub/{key}"),
            _peer_writer("websockets", ws_url),
            _server("websockets"),
        ),
        "redis-streams": Peer(
            "redis-streams",
            True,
            _names(f"bench-peers-{os.getpid()}-"),
            stream_reader,
            _peer_writer("redis-streams", REDIS),
            _redis_pid,
        ),
        "eventstream": Peer(
            "eventstream",
            True,
            _names("ch"),
            lambda key: sse(f"{es_url}/events/?channel={key}"),
            _peer_writer("eventstream", ""),
            _server("eventstream"),
        ),
        "channels": Peer(
            "channels",
            False,
            _names("r"),
            lambda key: websocket(f"{channels_url}/ws/bench-baseline/{key}/"),
            _peer_writer("channels", channels_url),
            _server("channels"),
        ),
    }
