"""Channels middleware: agents authenticate WebSockets with ``Authorization: Bearer <token>``.

Never a token in the URL (it would land in logs). A bad token is remembered in
``scope["auth_error"]`` so the consumer can close with 4401 and say why.
"""

from __future__ import annotations

from typing import Any

from channels.security.websocket import AllowedHostsOriginValidator

from steward.access.authentication import token_for_header
from steward.access.exceptions import InvalidToken
from steward.live.db import live_db


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
        return await self.inner(scope, receive, send)


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
