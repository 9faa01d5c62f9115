"""One Redis pub/sub connection per process and event loop, feeding the stream hubs."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings

from steward.live.wakeups import channel_name

if TYPE_CHECKING:
    from steward.live.hub import HubRegistry

log = logging.getLogger(__name__)


class RedisListener:
    def __init__(self, registry: HubRegistry) -> None:
        import redis.asyncio as aioredis

        self.registry = registry
        self.client = aioredis.Redis.from_url(settings.REDIS_URL)
        self.pubsub = self.client.pubsub(ignore_subscribe_messages=True)
        self.keys: dict[str, str] = {}
        self.task: asyncio.Task[None] | None = None

    async def listen(self, key: str) -> None:
        channel = channel_name(key)
        self.keys[channel] = key
        await self.pubsub.subscribe(channel)
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._read())

    async def unlisten(self, key: str) -> None:
        channel = channel_name(key)
        self.keys.pop(channel, None)
        try:
            await self.pubsub.unsubscribe(channel)
        except Exception:
            log.debug("unsubscribe %s failed", channel, exc_info=True)

    async def _read(self) -> None:
        while True:
            try:
                if not self.keys:
                    await asyncio.sleep(0.2)
                    continue
                message = await self.pubsub.get_message(timeout=1.0)
            except asyncio.CancelledError:
                raise
            except Exception:  # the hubs' tail checks cover the outage
                log.warning("live Redis listener failed; retrying", exc_info=True)
                await asyncio.sleep(0.5)
                continue
            if not message or message.get("type") != "message":
                continue
            channel = message["channel"]
            key = self.keys.get(channel.decode() if isinstance(channel, bytes) else channel)
            if key is None:
                continue
            body: dict[str, Any] = json.loads(message["data"])
            for hub in self.registry._hubs.get(key, ()):
                hub.push(body.get("events"))
