"""The built-in ``delegate`` tool: sub-agents that run concurrently in the same session.

Each task becomes a child Run (own agent name, instructions and a subset of the parent's
tools, the parent's token) executed by ``execute`` on its own thread of the parent's
worker, so a parent never waits on a queue its own worker must serve. Children write
straight into the session; stopping the parent (or the session) stops them too. A child
whose call needs an admin's approval waits for it like a main agent; its parent then
waits with it, holding no thread, and hears every child's answer once they have ended.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from steward.agents import lifecycle
from steward.agents.control import RunControl
from steward.agents.exceptions import RunCancelled
from steward.agents.model_client import ToolCallRequest
from steward.agents.models import Run, RunState
from steward.agents.tools import DELEGATE, ToolBox, ToolResult

CHILD_INSTRUCTIONS = (
    "You are the sub-agent '{agent}', started by the main agent of this session. Do only "
    "the task you are given, with the tools you have, then answer with a short result."
)
MAX_CHILDREN = 8


def agent_name(raw: str, index: int) -> str:
    name = re.sub(r"[^a-z0-9-]+", "-", (raw or "").lower()).strip("-")[:40]
    return name if name and name != "main" else f"sub-{index + 1}"


def run_delegations(
    parent: Run,
    delegations: list[tuple[ToolCallRequest, dict[str, Any]]],
    toolbox: ToolBox,
    control: RunControl,
) -> tuple[list[ToolResult], dict[str, Any]]:
    """Start the sub-agents of every delegation and wait for them.

    Returns the results of the delegations whose sub-agents all ended, and the pending
    entries of those with a sub-agent parked on an admin's approval: the parent then waits
    too (see calls.resume_messages), and is queued again once they have all ended.
    """
    from steward.agents.runner import execute_in_thread

    if not delegations:
        return [], {}
    allowed = set(toolbox.names) - {DELEGATE}
    children: list[tuple[ToolCallRequest, list[Run]]] = []
    count = 0
    for call, args in delegations:
        runs = []
        for task in (args.get("tasks") or [])[: MAX_CHILDREN - count]:
            name = agent_name(str(task.get("agent", "")), count)
            tools = [t for t in task.get("tools") or [] if t in allowed]
            runs.append(
                lifecycle.create_run(
                    session_id=parent.session_id,
                    app=parent.app,
                    agent=name,
                    parent=parent,
                    started_by=f"agent:{parent.agent}",
                    token_id=parent.token_id,
                    prompt=str(task.get("instructions", "")),
                    prompt_seq=control.seq,
                    instructions=CHILD_INSTRUCTIONS.format(agent=name),
                    tool_names=tools,
                    model=parent.model,
                )
            )
            count += 1
        children.append((call, runs))
    threads = [
        threading.Thread(target=execute_in_thread, args=(child.id,), name=f"subagent-{child.id}")
        for _, runs in children
        for child in runs
    ]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        for thread in threads:
            thread.join(timeout=0.05)
        control.poll()  # children notice a stop themselves; the parent keeps its heartbeat
    if control.stopped_by:
        raise RunCancelled(control.stopped_by)
    results, pending = [], {}
    for call, runs in children:
        ids = [r.pk for r in runs]
        if Run.objects.filter(pk__in=ids, state=RunState.AWAITING_APPROVAL).exists():
            pending[f"delegate:{call.id}"] = {"call_id": call.id, "name": DELEGATE, "children": ids}
        else:
            results.append(delegation_result(call, ids))
    return results, pending


def delegation_result(call: ToolCallRequest, child_ids: list[str]) -> ToolResult:
    """What the delegating agent hears: each sub-agent's final state and answer."""
    if not child_ids:
        error = {"code": "invalid", "message": "Give at least one task."}
        return ToolResult(call, "error", {"results": [], "error": error})
    runs = Run.objects.in_bulk(child_ids)
    body: dict[str, Any] = {
        "results": [
            {"agent": r.agent, "run": r.id, "state": r.state, "output": r.output, "error": r.error}
            for r in (runs[pk] for pk in child_ids)
        ]
    }
    return ToolResult(call, "ok", body)
