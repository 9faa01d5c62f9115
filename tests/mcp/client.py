"""Talk to a running server's /mcp with the official MCP Python client."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx2
from mcp.client.client import Client
from mcp.client.streamable_http import streamable_http_client

T = TypeVar("T")


def with_client(
    url: str, secret: str, use: Callable[[Client], Awaitable[T]], mode: Any = "auto"
) -> T:
    """Open an MCP session to ``url``/mcp with a bearer token, run ``use`` on it, close it."""

    async def main() -> T:
        headers = {"Authorization": f"Bearer {secret}"}
        async with (
            httpx2.AsyncClient(headers=headers, timeout=30) as http,
            Client(streamable_http_client(f"{url}/mcp", http_client=http), mode=mode) as client,
        ):
            return await use(client)

    return asyncio.run(main())
