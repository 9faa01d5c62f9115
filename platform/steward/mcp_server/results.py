"""The one place where invoke's outcomes and ActionErrors become MCP tool results."""

from __future__ import annotations

import json
from typing import Any

import mcp_types as types


def _result(data: dict[str, Any], *, error: bool) -> types.CallToolResult:
    return types.CallToolResult(
        content=[types.TextContent(text=json.dumps(data, default=str))],
        structured_content=data,
        is_error=error,
    )


def outcome_result(outcome: Any) -> types.CallToolResult:
    """A successful, replayed or approval-pending invocation as a tool result.

    The structured content is invoke's body (``status``, ``result``, ``audit_id`` …), the same
    JSON the REST API answers with.
    """
    data = dict(outcome.body)
    if outcome.status == "replayed":
        data["replayed"] = True
    if outcome.status == "pending":
        data["approval_id"] = outcome.approval_id
        data["message"] = (
            f"This action awaits a person's approval (approval {outcome.approval_id}). It has "
            "not run yet; tell the user and do not call it again."
        )
    return _result(data, error=False)


def error_result(error: Any) -> types.CallToolResult:
    """An ActionError as a tool error the model can read and act on (never a protocol error)."""
    return _result(error.to_dict(), error=True)
