"""The errors of Safe Actions: one hierarchy, each with its code, HTTP status and audit status.

Every edge (REST, agent runs, MCP) turns an :class:`ActionError` into its own error shape
with :meth:`ActionError.to_dict`; invoke audits every one of them before raising.
"""

from __future__ import annotations

from typing import Any


class ActionError(Exception):
    """Base of every Safe Action failure."""

    code = "error"
    http_status = 500
    audit_status = "error"
    default_message = "The action failed."

    def __init__(self, message: str = "", *, fields: dict[str, Any] | None = None) -> None:
        self.message = message or self.default_message
        self.fields = fields
        super().__init__(self.message)

    def to_dict(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.fields:
            error["fields"] = self.fields
        return {"error": error}


class ActionInvalid(ActionError):
    """The arguments are wrong; ``fields`` maps each argument to its messages (DRF-shaped)."""

    code = "invalid"
    http_status = 400
    audit_status = "invalid"
    default_message = "The arguments are invalid; see fields."


class MalformedBody(ActionInvalid):
    """The request body is not JSON at all."""

    code = "parse_error"


class NotAuthenticated(ActionError):
    """No valid credentials: missing, revoked or expired token, inactive user."""

    code = "unauthenticated"
    http_status = 401
    audit_status = "denied"
    default_message = "Authenticate with a valid agent token or a logged-in session."


class ActionDenied(ActionError):
    """The caller is known but may not run this action."""

    code = "denied"
    http_status = 403
    audit_status = "denied"
    default_message = "You may not run this action."


class UnknownAction(ActionError, LookupError):
    """No such app or no such action in it."""

    code = "not_found"
    http_status = 404
    audit_status = "invalid"

    def __init__(self, app: str, name: str | None = None) -> None:
        if name is None:
            message = f"No hosted app is called {app!r}. GET /api/apps/ lists them."
        else:
            message = (
                f"App {app!r} has no action {name!r}. "
                f"GET /api/apps/{app}/actions/ lists its actions."
            )
        super().__init__(message)
        self.app = app
        self.name = name


class RecordNotFound(ActionError):
    """An action refers to a record that does not exist (raise it from action code)."""

    code = "not_found"
    http_status = 404
    audit_status = "invalid"
    default_message = "No such record."


class RateLimited(ActionError):
    """Too many calls of this action by this caller; retry after ``retry_after`` seconds."""

    code = "rate_limited"
    http_status = 429
    audit_status = "denied"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["error"]["retry_after"] = self.retry_after
        return data


class IdempotencyConflict(ActionError):
    """The idempotency key was used before with other arguments."""

    code = "idempotency_conflict"
    http_status = 422
    audit_status = "invalid"
    default_message = (
        "This Idempotency-Key was used with other arguments. Use a new key for a new call."
    )


class ActionFailed(ActionError):
    """The action's code raised an unexpected exception (a bug, not bad input)."""


class RevertConflict(ActionError):
    """A revert would undo work done since: ``fields`` names each record and field that moved on
    (``"ideaboard.idea:3": ["title"]``). An admin may force it (``force=1``)."""

    code = "conflict"
    http_status = 409
    audit_status = "invalid"
    default_message = (
        "These records changed after the run touched them, so nothing was reverted. "
        "Revert the later changes first, or force it (admins) to overwrite them."
    )
