"""One step's tool calls: Safe Actions in order, delegations concurrently, approvals parked."""

from __future__ import annotations

import json
from typing import Any

from steward.agents.control import RunControl
from steward.agents.delegate import run_delegations
from steward.agents.model_client import ToolCallRequest
from steward.agents.models import Run
from steward.agents.tools import DELEGATE, ToolBox, ToolResult
from steward.agents.transcript import Transcript


def handle_calls(
    run: Run,
    calls: list[ToolCallRequest],
    toolbox: ToolBox,
    transcript: Transcript,
    control: RunControl,
    messages: list[dict[str, Any]],
) -> dict[str, Any]:
    """Run the calls, append their tool messages; returns the approvals the run waits for.

    Actions run one after another in the order the model gave (their effects may depend
    on each other, and each commits on its own); delegations start their sub-agents
    together. Sub-agents do not wait for approvals: a pending call is their result.
    """
    pending: dict[str, Any] = {}
    delegations: list[tuple[ToolCallRequest, dict[str, Any]]] = []
    for call in calls:
        parsed = toolbox.parse(call)
        transcript.event(
            "run.tool_call",
            {
                "call_id": call.id,
                "name": call.name,
                "arguments": parsed if isinstance(parsed, dict) else call.arguments,
            },
        )
        if isinstance(parsed, ToolResult):
            _record(parsed, transcript, messages)
        elif call.name == DELEGATE:
            delegations.append((call, parsed))
        else:
            control.check()
            result = toolbox.invoke(call, parsed)
            if result.status == "pending" and result.approval_id:
                transcript.event(
                    "run.approval_required",
                    {
                        "call_id": call.id,
                        "name": call.name,
                        "action": call.name,
                        "arguments": parsed,
                        "approval_id": str(result.approval_id),
                    },
                )
                if run.parent_id is None:
                    pending[str(result.approval_id)] = {"call_id": call.id, "name": call.name}
                    continue
            _record(result, transcript, messages)
    for result in run_delegations(run, delegations, toolbox, control):
        _record(result, transcript, messages)
    return pending


def _record(result: ToolResult, transcript: Transcript, messages: list[dict[str, Any]]) -> None:
    transcript.event(
        "run.tool_result",
        {
            "call_id": result.call.id,
            "name": result.call.name,
            "status": result.status,
            "result": result.body,
        },
    )
    messages.append(result.message())


def resume_messages(run: Run, transcript: Transcript) -> list[dict[str, Any]]:
    """The parked conversation plus the decided approvals' results."""
    messages = list(run.messages)
    for approval_id, entry in run.pending.items():
        call = ToolCallRequest(entry["call_id"], entry["name"], "")
        decision = entry.get("decision") or {}
        state = decision.get("state")
        if state == "approved":
            body = decision.get("result")
            result = ToolResult(call, "ok", body if isinstance(body, dict) else {"result": body})
        elif state == "rejected":
            reason = _error_message(decision.get("result")) or "no reason given"
            message = f"An admin rejected this call ({reason}). Do not retry it; tell the person."
            result = ToolResult(call, "error", {"error": {"code": "rejected", "message": message}})
        else:
            body = decision.get("result")
            if not (isinstance(body, dict) and "error" in body):
                body = {"error": {"code": "failed", "message": json.dumps(body)}}
            result = ToolResult(call, "error", body)
        result.approval_id = approval_id
        _record(result, transcript, messages)
    transcript.event("run.resumed", {"approvals": list(run.pending)})
    return messages


def _error_message(body: Any) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return str(body["error"].get("message", ""))
    return ""
