"""One step's tool calls: Safe Actions in order, delegations concurrently, approvals parked."""

from __future__ import annotations

import json
from typing import Any

from steward.agents.control import RunControl
from steward.agents.delegate import delegation_result, run_delegations
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
    together. A call awaiting approval parks the run, a sub-agent's as well; a delegation
    with a parked sub-agent parks its parent until every sub-agent of it has ended.
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
                pending[str(result.approval_id)] = {"call_id": call.id, "name": call.name}
                continue
            _record(result, transcript, messages)
    results, waiting = run_delegations(run, delegations, toolbox, control)
    for result in results:
        _record(result, transcript, messages)
    return {**pending, **waiting}


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
    """The parked conversation plus the decided approvals' results (and the answers of
    sub-agents it waited for)."""
    messages = list(run.messages)
    for approval_id, entry in run.pending.items():
        call = ToolCallRequest(entry["call_id"], entry["name"], "")
        if "children" in entry:
            _record(delegation_result(call, entry["children"]), transcript, messages)
            continue
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
    approvals = [key for key, entry in run.pending.items() if "children" not in entry]
    transcript.event("run.resumed", {"approvals": approvals})
    return messages


def _error_message(body: Any) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return str(body["error"].get("message", ""))
    return ""
