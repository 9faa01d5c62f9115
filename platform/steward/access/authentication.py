"""Bearer agent tokens (``Authorization: Bearer stw_…``): one parser and one authenticator.

REST (the DRF class below), WebSocket (Channels middleware), Durable Streams and MCP all
call ``token_for_header``: a request without bearer credentials gets None, one with a bad
token an InvalidToken that says what is wrong.
"""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from steward.access.exceptions import InvalidToken
from steward.access.models import AgentToken
from steward.access.tokens import authenticate_bearer

CHALLENGE = 'Bearer realm="steward"'


def bearer_secret(header: str | bytes | None) -> str | None:
    """The secret of an ``Authorization: Bearer <secret>`` header; None for other schemes.

    Raises InvalidToken for a bearer header without exactly one secret."""
    if isinstance(header, bytes):
        header = header.decode("latin-1")
    parts = (header or "").split()
    if not parts or parts[0].lower() != "bearer":
        return None
    if len(parts) != 2:
        raise InvalidToken("Send the header as 'Authorization: Bearer <token secret>'.")
    return parts[1]


def token_for_header(header: str | bytes | None) -> AgentToken | None:
    """The active token an Authorization header names; None without bearer credentials.

    Raises InvalidToken (malformed, unknown, revoked, expired, owner deactivated)."""
    secret = bearer_secret(header)
    return None if secret is None else authenticate_bearer(secret)


class TokenRejected(AuthenticationFailed):
    """A bearer token was refused; ``token`` is set when it exists (revoked or expired)."""

    def __init__(self, detail: str, token: AgentToken | None = None) -> None:
        super().__init__(detail)
        self.token = token


class BearerTokenAuthentication(BaseAuthentication):
    """Authenticates as the token's owner, with ``request.auth`` set to the AgentToken."""

    def authenticate(self, request: Request) -> tuple[Any, AgentToken] | None:
        try:
            token = token_for_header(get_authorization_header(request))
        except InvalidToken as exc:
            raise TokenRejected(exc.reason, exc.token) from None
        return None if token is None else (token.owner, token)

    def authenticate_header(self, request: Request) -> str:
        return CHALLENGE
