"""The live benchmark's baseline: stock Channels fan-out, no log (served by bench.asgi only).

Every subscriber joins a group; a publisher's frame becomes one ``group_send``, which the
channel layer turns into one message per subscriber channel. Nothing is stored, so what
the layer drops is lost and nobody can resume.
"""

from __future__ import annotations

from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer


class BaselineConsumer(AsyncWebsocketConsumer):
    channel_layer_alias = "bench"

    async def connect(self) -> None:
        self.room = "bench." + self.scope["url_route"]["kwargs"]["room"]
        if b"publish" not in self.scope.get("query_string", b""):  # a writer only sends
            await self.channel_layer.group_add(self.room, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(self.room, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        await self.channel_layer.group_send(self.room, {"type": "bench.event", "text": text_data})

    async def bench_event(self, message: dict[str, Any]) -> None:
        await self.send(text_data=message["text"])
