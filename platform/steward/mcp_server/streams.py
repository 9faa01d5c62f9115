"""An MCP stream ends when its token stops being valid (issue 12, item 3).

Every MCP request authenticates its bearer token again, so a revoked token's next POST gets
a 401 at once. What stays open is a GET: the session's stream of server messages. It is
watched like a live socket (steward.live.access_watch): when the token is revoked or
expires, its owner is deactivated or loses the app's team, the stream is cut within
access_watch.CHECK_SECONDS, and the client's reconnect meets the 401 that says why.
"""

from __future__ import annotations

import asyncio
import contextlib

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from steward.access.actors import Actor
from steward.access.recheck import Refusal
from steward.live.access_watch import watch
from steward.mcp_server.auth import agent_token_of, rejected


class EndWhenAccessIsLost:
    """Run GET streams alongside an access watch of their token; cut them when it is lost."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = agent_token_of(HTTPConnection(scope)) if scope["type"] == "http" else None
        if token is None or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        lost = asyncio.Event()
        why: list[str] = []
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        def refused(refusal: Refusal) -> None:
            why.append(refusal.reason)
            lost.set()

        handle = watch(Actor.for_token(token), "watch", token.app, refused)
        stream = asyncio.ensure_future(self.app(scope, receive, tracked))
        waiter = asyncio.ensure_future(lost.wait())
        try:
            await asyncio.wait({stream, waiter}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            handle.unwatch()
            waiter.cancel()
        if stream.done():
            stream.result()
            return
        stream.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await stream
        if started:  # end the body: the client sees the stream close and reconnects
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        else:
            await rejected(HTTPConnection(scope), PermissionError(*why))(scope, receive, send)
