"""Kept over redis-py's PubSub: its parsing cost as much CPU as the frames (bench_live).

One Redis pub/sub connection per process and event loop, feeding the stream hubs.

This speaks the (tiny) RESP2 pub/sub protocol itself instead of using redis-py's asyncio
PubSub: the benchmark showed redis-py's per-message parsing costing as much CPU in the
ASGI process as sending all the WebSocket frames (20 sessions x 50 events/s). A dropped
connection is re-opened and every channel re-subscribed; wake-ups lost meanwhile are
covered by the hubs' tail checks.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any

from django.conf import settings

from steward.live.resp import Address, command
from steward.live.wakeups import Outage, channel_name

if TYPE_CHECKING:
    from steward.live.hub import HubRegistry


async def read_reply(reader: asyncio.StreamReader) -> Any:
    """One RESP2 reply: arrays, bulk and simple strings, integers; errors raise."""
    line = await reader.readuntil(b"\r\n")
    kind, rest = line[:1], line[1:-2]
    if kind == b"*":
        return [await read_reply(reader) for _ in range(int(rest))]
    if kind == b"$":
        size = int(rest)
        return None if size < 0 else (await reader.readexactly(size + 2))[:-2]
    if kind == b":":
        return int(rest)
    if kind == b"+":
        return rest
    raise ConnectionError(f"Redis replied {line!r}")


async def open_connection(url: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    address = Address.of(url)
    if address.path:
        reader, writer = await asyncio.open_unix_connection(address.path)
    else:
        reader, writer = await asyncio.open_connection(address.host, address.port, ssl=address.tls)
    if address.auth:
        writer.write(command("AUTH", *address.auth))
        await read_reply(reader)
    return reader, writer


class RedisListener:
    def __init__(self, registry: HubRegistry) -> None:
        self.registry = registry
        self.keys: dict[bytes, str] = {}
        self.writer: asyncio.StreamWriter | None = None
        self.task: asyncio.Task[None] | None = None

    async def listen(self, key: str) -> None:
        channel = channel_name(key)
        self.keys[channel.encode()] = key
        if self.writer is not None:
            self.writer.write(command("SUBSCRIBE", channel))
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())

    async def unlisten(self, key: str) -> None:
        channel = channel_name(key)
        self.keys.pop(channel.encode(), None)
        if self.writer is not None:
            self.writer.write(command("UNSUBSCRIBE", channel))

    async def _run(self) -> None:
        outage = Outage("live Redis listener")
        while True:
            try:
                reader, self.writer = await open_connection(settings.REDIS_URL)
                outage.ok()
                if self.keys:
                    self.writer.write(command("SUBSCRIBE", *(k.decode() for k in self.keys)))
                while True:
                    reply = await read_reply(reader)
                    if isinstance(reply, list) and len(reply) == 3 and reply[0] == b"message":
                        self._dispatch(reply[1], reply[2])
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the hubs' tail checks cover the outage
                outage.failed(exc)
                self.writer = None
                await asyncio.sleep(0.5)

    def _dispatch(self, channel: bytes, data: bytes) -> None:
        key = self.keys.get(channel)
        if key is None:
            return
        body: dict[str, Any] = json.loads(data)
        for hub in self.registry._hubs.get(key, ()):
            hub.push(body.get("events"))
