"""Channels middleware: agents authenticate WebSockets with ``Authorization: Bearer <token>``.

Never a token in the URL (it would land in logs). A bad token is remembered in
``scope["auth_error"]`` so the consumer can close with 4401 and say why.
"""

from __future__ import annotations

import logging
from typing import Any

from channels.security.websocket import AllowedHostsOriginValidator
from django.db import DatabaseError

from steward.access.authentication import token_for_header
from steward.access.exceptions import InvalidToken
from steward.live.db import live_db

log = logging.getLogger(__name__)


class BearerTokenMiddleware:
    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        header = dict(scope.get("headers") or []).get(b"authorization")
        scope = dict(scope)
        scope.setdefault("token", None)
        if header:
            try:
                scope["token"] = await live_db(token_for_header, header)
            except InvalidToken as exc:
                scope["auth_error"] = exc.reason
            except DatabaseError:
                # An outage is not a bad token: the socket closes with a code clients retry.
                log.warning("WebSocket authentication: the database does not answer")
                scope["unavailable"] = True
        return await self.inner(scope, receive, send)


ASGI_SEND = "steward.asgi_send"


class KeepAsgiSend:
    """Keep the server's own ``send`` in the scope (``ASGI_SEND``): stream consumers write
    their frames with it, past Channels' session wrapper, whose work on every message
    (reading the lazy session) only matters for HTTP responses, never for WebSocket frames.
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        return await self.inner({**scope, ASGI_SEND: send}, receive, send)


class BrowserOriginValidator:
    """Check the Origin of browser handshakes against ALLOWED_HOSTS; let non-browser
    clients (agents, CLIs — they send no Origin) through to authentication.

    Origin checks stop cross-site WebSocket hijacking, which needs a browser, and browsers
    always send Origin. Channels' own validator also refuses a missing Origin, which would
    lock out every agent using a bearer token.
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.checked = AllowedHostsOriginValidator(inner)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if b"origin" not in dict(scope.get("headers") or []):
            return await self.inner(scope, receive, send)
        return await self.checked(scope, receive, send)
