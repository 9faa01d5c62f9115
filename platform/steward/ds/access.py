"""Who may use generic streams: a bearer token with stream scopes, or nobody at all.

A token issued with ``issue_token --streams <prefix>`` covers the streams whose path
starts with that prefix, for its scopes: ``read`` (GET, HEAD), ``write`` (POST) and
``create`` (PUT, DELETE). ``STEWARD_STREAMS_OPEN=true`` lets anyone in (local
development and the conformance suite; settings refuse it in production).
"""

from __future__ import annotations

from django.conf import settings

from steward.ds.exceptions import DsError, Forbidden

SCOPES = {"GET": "read", "HEAD": "read", "POST": "write", "PUT": "create", "DELETE": "create"}


class Unauthenticated(DsError):
    status = 401


def authorize(authorization: str | None, method: str, path: str) -> None:
    """Raises Unauthenticated or Forbidden unless the caller may ``method`` on ``path``."""
    if settings.STEWARD_STREAMS_OPEN:
        return
    from steward.access.exceptions import InvalidToken
    from steward.access.tokens import authenticate_bearer

    header = authorization or ""
    if not header.lower().startswith("bearer "):
        raise Unauthenticated(
            "Send Authorization: Bearer <token>; an admin issues stream tokens with "
            "'manage.py issue_token --streams <path prefix> --name <who>'.",
            **{"WWW-Authenticate": "Bearer"},
        )
    try:
        token = authenticate_bearer(header[7:].strip())
    except InvalidToken as exc:
        raise Unauthenticated(str(exc), **{"WWW-Authenticate": "Bearer"}) from None
    scope = SCOPES[method]
    if not token.covers_stream(path, scope):
        raise Forbidden(
            f"Token {token.name!r} may not {scope} {path}: it covers "
            f"{token.stream_prefix or 'no streams'} for {token.stream_scopes or 'nothing'}. "
            f"Issue one with --streams covering this path and the {scope} scope."
        )
