"""DRF authentication with agent tokens: ``Authorization: Bearer stw_…``."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from steward.access.exceptions import InvalidToken
from steward.access.models import AgentToken
from steward.access.tokens import authenticate_bearer


class TokenRejected(AuthenticationFailed):
    """A bearer token was refused; ``token`` is set when it exists (revoked or expired)."""

    def __init__(self, detail: str, token: AgentToken | None = None) -> None:
        super().__init__(detail)
        self.token = token


class BearerTokenAuthentication(BaseAuthentication):
    """Authenticates as the token's owner, with ``request.auth`` set to the AgentToken."""

    def authenticate(self, request: Request) -> tuple[Any, AgentToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"bearer":
            return None
        if len(parts) != 2:
            raise TokenRejected("Send the header as 'Authorization: Bearer <token secret>'.")
        try:
            token = authenticate_bearer(parts[1].decode("latin-1"))
        except InvalidToken as exc:
            raise TokenRejected(exc.reason, exc.token) from None
        return token.owner, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="steward"'
