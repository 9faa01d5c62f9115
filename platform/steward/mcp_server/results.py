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
    """A successful (or replayed, or approval-pending) invocation as a tool result."""
    if outcome.status == "pending":
        return _result(
            {
                "status": "pending",
                "approval_id": outcome.approval_id,
                "message": (
                    f"This action awaits a human's approval (approval {outcome.approval_id}). "
                    "It has not run yet; do not call it again."
                ),
                **({"result": outcome.body} if outcome.body else {}),
            },
            error=False,
        )
    body = outcome.body if isinstance(outcome.body, dict) else {"result": outcome.body}
    return _result({"status": outcome.status, **body}, error=False)


def error_result(error: Any) -> types.CallToolResult:
    """An ActionError as a tool error the model can read and act on (never a protocol error)."""
    data = error.to_dict()
    return _result(data, error=True)
