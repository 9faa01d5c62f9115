"""Bearer authentication for /mcp through the MCP SDK's hooks, with the REST API's agent tokens.

The SDK's BearerAuthBackend asks ``AgentTokenVerifier`` about each request's bearer token and
puts the resulting ``AgentAccessToken`` on ``scope["user"]`` (which also binds an MCP session to
its token); ``RequireAgentToken`` answers 401 when there is none. Handlers find the Steward
AgentToken of their request with ``agent_token_of``.
"""

from __future__ import annotations

import json
from typing import Any

from asgiref.sync import sync_to_async
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser, RequireAuthMiddleware
from mcp.server.auth.provider import AccessToken
from pydantic import Field
from starlette.authentication import AuthenticationError
from starlette.requests import HTTPConnection
from starlette.responses import Response
from starlette.types import Send

from steward.access.exceptions import InvalidToken
from steward.access.tokens import authenticate_bearer

NO_TOKEN = "Send an agent token: 'Authorization: Bearer stw_…' (an admin issues one)."
_CHALLENGE = 'Bearer realm="steward"'


class AgentAccessToken(AccessToken):
    """The SDK's access token, carrying the Steward AgentToken it was verified as."""

    agent_token: Any = Field(default=None, exclude=True, repr=False)


class AgentTokenVerifier:
    """The SDK's TokenVerifier for Steward agent tokens (``stw_…``)."""

    async def verify_token(self, token: str) -> AgentAccessToken | None:
        try:
            agent_token = await sync_to_async(authenticate_bearer)(token)
        except InvalidToken as exc:
            # Raised, not None: the starlette middleware turns it into a 401 that says what
            # is wrong with this token (malformed, unknown, revoked, expired).
            raise AuthenticationError(str(exc)) from exc
        return AgentAccessToken(
            token="-",  # the secret is not kept past authentication
            client_id=f"token:{agent_token.pk}",
            scopes=[],
            agent_token=agent_token,
        )


def agent_token_of(connection: HTTPConnection | None) -> Any:
    """The AgentToken the request was authenticated with, or None."""
    user = connection.scope.get("user") if connection is not None else None
    if isinstance(user, AuthenticatedUser) and isinstance(user.access_token, AgentAccessToken):
        return user.access_token.agent_token
    return None


def _body(why: str) -> bytes:
    return json.dumps({"error": {"code": "unauthenticated", "message": why}}).encode()


def rejected(connection: HTTPConnection, exc: Exception) -> Response:
    """The 401 for a bearer token the verifier refused (starlette's ``on_error`` hook)."""
    return Response(
        _body(str(exc)),
        status_code=401,
        media_type="application/json",
        headers={"WWW-Authenticate": _CHALLENGE},
    )


class RequireAgentToken(RequireAuthMiddleware):
    """The SDK's guard, answering a request without a bearer token in Steward's error shape."""

    def __init__(self, app: Any) -> None:
        super().__init__(app, required_scopes=[])

    async def _send_auth_error(
        self, send: Send, status_code: int, error: str, description: str
    ) -> None:
        body = _body(NO_TOKEN)
        await send(
            {
                "type": "http.response.start",
                "status": 401,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"www-authenticate", _CHALLENGE.encode()),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
