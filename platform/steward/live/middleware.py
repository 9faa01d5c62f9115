"""Channels middleware: agents authenticate WebSockets with ``Authorization: Bearer <token>``.

Never a token in the URL (it would land in logs). A bad token is remembered in
``scope["auth_error"]`` so the consumer can close with 4401 and say why.
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async


class BearerTokenMiddleware:
    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        header = dict(scope.get("headers") or []).get(b"authorization", b"").decode("latin-1")
        scope = dict(scope)
        scope.setdefault("token", None)
        if header.lower().startswith("bearer "):
            try:
                scope["token"] = await database_sync_to_async(_authenticate)(header[7:].strip())
            except Exception as exc:
                scope["auth_error"] = str(exc)
        return await self.inner(scope, receive, send)


def _authenticate(secret: str) -> Any:
    from steward.access.tokens import authenticate_bearer

    return authenticate_bearer(secret)


class BrowserOriginValidator:
    """Check the Origin of browser handshakes against ALLOWED_HOSTS; let non-browser
    clients (agents, CLIs — they send no Origin) through to authentication.

    Origin checks stop cross-site WebSocket hijacking, which needs a browser, and browsers
    always send Origin. Channels' own validator also refuses a missing Origin, which would
    lock out every agent using a bearer token.
    """

    def __init__(self, inner: Any) -> None:
        from channels.security.websocket import AllowedHostsOriginValidator

        self.inner = inner
        self.checked = AllowedHostsOriginValidator(inner)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if b"origin" not in dict(scope.get("headers") or []):
            return await self.inner(scope, receive, send)
        return await self.checked(scope, receive, send)
