"""The live benchmark's ceiling: a raw ``websockets`` broadcast server (not durable).

``python -m bench.peer_ws_server PORT`` serves ``/sub/<room>`` (a subscriber) and
``/pub/<room>`` (the writer) on loopback, and ``/healthz`` over plain HTTP so the bench's
``serve()`` can wait for it. The writer reaches the server over its own WebSocket: the
cheapest faithful path (no broker between them, one frame per event, like a writer that
owns the server), so this is what one asyncio process can do at best. Each frame the writer
sends is passed to every subscriber of the room as is, with ``websockets.broadcast`` (one
encoding per event, written to each socket without awaiting it). Nothing is stored: a
subscriber that was not connected, or whose connection is too slow, loses events.
"""

from __future__ import annotations

import asyncio
import http
import sys

from websockets.asyncio.server import Request, Response, ServerConnection, broadcast, serve
from websockets.datastructures import Headers

ROOMS: dict[str, set[ServerConnection]] = {}


def health(connection: ServerConnection, request: Request) -> Response | None:
    """Answer /healthz over plain HTTP; let every other path go on to the WebSocket."""
    if request.path == "/healthz":
        return Response(http.HTTPStatus.OK, "OK", Headers(), b"ok\n")
    return None


async def handler(ws: ServerConnection) -> None:
    path = ws.request.path if ws.request else ""
    kind, _, room = path.strip("/").partition("/")
    if kind == "sub":
        members = ROOMS.setdefault(room, set())
        members.add(ws)
        try:
            await ws.wait_closed()
        finally:
            members.discard(ws)
    elif kind == "pub":
        async for frame in ws:
            broadcast(ROOMS.get(room, ()), frame)
    else:
        await ws.close(4404, "use /sub/<room> or /pub/<room>")


async def main(port: int) -> None:
    async with serve(handler, "127.0.0.1", port, process_request=health, max_size=None):
        await asyncio.get_running_loop().create_future()  # until terminated


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
