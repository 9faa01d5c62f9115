"""What every REST view of Safe Actions needs from a request: the actor and the call context."""

from __future__ import annotations

import uuid

from rest_framework.request import Request

from steward.access.actors import actor_of
from steward.actions.context import CallContext

__all__ = ["actor_of", "call_context", "request_id", "truthy"]


def call_context(request: Request) -> CallContext:
    headers = request.headers
    return CallContext(
        session_id=headers.get("X-Steward-Session") or None,
        run_id=headers.get("X-Steward-Run") or None,
        request_id=request_id(request),
        client_addr=request.META.get("REMOTE_ADDR") or None,
        user_agent=headers.get("User-Agent") or None,
    )


def request_id(request: Request) -> str:
    """The caller's X-Request-Id (trimmed), or a fresh one; remembered on the request."""
    rid = getattr(request, "_steward_request_id", None)
    if rid is None:
        rid = (request.headers.get("X-Request-Id") or uuid.uuid4().hex)[:128]
        request._steward_request_id = rid  # type: ignore[attr-defined]
    return str(rid)


def truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}
