"""Errors of the access package."""

from __future__ import annotations

from typing import Any


class AccessError(Exception):
    """Base of every access error."""


class InvalidToken(AccessError):
    """A bearer secret that is malformed, unknown, revoked or expired (HTTP 401)."""

    def __init__(self, reason: str, *, token: Any = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.token = token  # the AgentToken when it is known (revoked/expired): for the audit


UNAVAILABLE = (
    "Steward cannot reach its database for a moment; nothing is wrong with your credentials. "
    "Retry shortly."
)
