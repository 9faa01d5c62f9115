"""The built-in ``delegate`` tool: sub-agents that run concurrently in the same session.

Each task becomes a child Run (own agent name, instructions and a subset of the parent's
tools, the parent's token) executed by ``execute`` on its own thread of the parent's
worker, so a parent never waits on a queue its own worker must serve. Children write
straight into the session; stopping the parent (or the session) stops them too.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from steward.agents.control import RunControl
from steward.agents.exceptions import RunCancelled
from steward.agents.model_client import ToolCallRequest
from steward.agents.models import Run
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
) -> list[ToolResult]:
    from steward.agents.runner import execute_in_thread

    if not delegations:
        return []
    allowed = set(toolbox.names) - {DELEGATE}
    children: list[tuple[ToolCallRequest, list[Run]]] = []
    count = 0
    for call, args in delegations:
        runs = []
        for task in (args.get("tasks") or [])[: MAX_CHILDREN - count]:
            name = agent_name(str(task.get("agent", "")), count)
            tools = [t for t in task.get("tools") or [] if t in allowed]
            runs.append(
                Run.objects.create(
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
    results = []
    for call, runs in children:
        finished = [Run.objects.get(pk=r.pk) for r in runs]
        body: dict[str, Any] = {
            "results": [
                {
                    "agent": r.agent,
                    "run": r.id,
                    "state": r.state,
                    "output": r.output,
                    "error": r.error,
                }
                for r in finished
            ]
        }
        if not runs:
            body["error"] = {"code": "invalid", "message": "Give at least one task."}
        results.append(ToolResult(call, "ok" if runs else "error", body))
    return results
