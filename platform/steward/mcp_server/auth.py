"""Bearer authentication for /mcp with the same agent tokens as the REST API."""

from __future__ import annotations

import json
from typing import Any

from asgiref.sync import sync_to_async
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp.server.auth.provider import AccessToken
from starlette.types import Receive, Scope, Send

TOKEN_KEY = "steward.token"


def bearer_secret(scope: Scope) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"authorization":
            scheme, _, secret = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and secret.strip():
                return secret.strip()
    return None


def _authenticate(secret: str) -> Any:
    from steward.access.tokens import authenticate_bearer

    return authenticate_bearer(secret)


async def authenticate(scope: Scope) -> tuple[Any, str]:
    """``(token, "")`` for a valid bearer token, else ``(None, why)``."""
    secret = bearer_secret(scope)
    if secret is None:
        return None, "Send an agent token: 'Authorization: Bearer stw_…' (an admin issues one)."
    from steward.access.exceptions import InvalidToken

    try:
        token = await sync_to_async(_authenticate)(secret)
    except InvalidToken as exc:
        return None, str(exc)
    return token, ""


def bind(scope: Scope, token: Any) -> None:
    """Attach the token to the request; the SDK binds an MCP session to ``scope['user']``."""
    scope[TOKEN_KEY] = token
    scope["user"] = AuthenticatedUser(
        AccessToken(token="-", client_id=f"token:{token.pk}", scopes=[])
    )


async def unauthorized(send: Send, receive: Receive, why: str) -> None:
    body = json.dumps({"error": {"code": "unauthenticated", "message": why}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", b"application/json"),
                (b"www-authenticate", b'Bearer realm="steward"'),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
