"""The conversation a run starts from: system instructions, earlier turns, the prompt."""

from __future__ import annotations

import json
import logging
from typing import Any

from steward.agents.models import ACTIVE_STATES, Run
from steward.live.models import Event, session_stream
from steward.skills.services import current_skill_text

logger = logging.getLogger(__name__)

HISTORY_TURNS = 10

PLATFORM_INSTRUCTIONS = """\
You are an agent operating the hosted app "{app}" on Steward for its team.
You change or read the app's data only by calling the tools you are given: each tool is a
Safe Action, validated, permissioned and audited. Call a tool for every change you report;
never claim a change you did not make. When a tool returns an error, read its message and
fix your arguments instead of repeating the same call. When a call is pending an admin's
approval, say so. Answer briefly, in plain text."""

DELEGATE_HINT = """\
For independent pieces of work you may call `delegate` to start sub-agents that work
concurrently; each gets its own instructions and a subset of your tools, and you receive
their results."""


def skill_text(app: str, *, stamp: str | None = None) -> str | None:
    """The app's current skill, if it has one (``stamp``: see lifecycle.claim)."""
    try:
        return current_skill_text(app, stamp=stamp)
    except Exception:  # a broken skill must not stop the agent from working
        logger.exception("Could not load the skill of %s", app)
        return None


def system_message(run: Run, *, extra: str = "") -> dict[str, Any]:
    parts = [PLATFORM_INSTRUCTIONS.format(app=run.app)]
    if run.parent_id is None:
        parts.append(DELEGATE_HINT)
    skill = skill_text(run.app, stamp=getattr(run, "skill_stamp", None))
    if skill:
        parts.append(f"The app's skill (its instruction manual):\n\n{skill}")
    if run.instructions:
        parts.append(run.instructions)
    if extra:
        parts.append(extra)
    return {"role": "system", "content": "\n\n".join(parts)}


def history(run: Run) -> list[dict[str, Any]]:
    """Earlier finished turns of the session's main agent, oldest first."""
    if run.parent_id is not None or not getattr(run, "has_history", True):
        return []  # a sub-agent, or a session's first turn (lifecycle.claim tells)
    earlier = (
        Run.objects.filter(session_id=run.session_id, parent__isnull=True, created__lt=run.created)
        .exclude(pk=run.pk)
        .exclude(state__in=ACTIVE_STATES)
        .order_by("-created")[:HISTORY_TURNS]
    )
    turns = list(reversed(list(earlier)))
    calls = _tool_calls([t.id for t in turns if t.steps > 1], run.session_id)
    messages: list[dict[str, Any]] = []
    for turn in turns:
        if turn.prompt:
            messages.append({"role": "user", "content": turn.prompt})
        # Earlier turns keep their tool calls as a note, so ids the agent saw stay known.
        note = "; ".join(calls.get(turn.id, []))
        content = "\n\n".join(p for p in (turn.output, note and f"[Tools used: {note}]") if p)
        if content:
            messages.append({"role": "assistant", "content": content})
    return messages


def _tool_calls(run_ids: list[str], session_id: str) -> dict[str, list[str]]:
    """``name(arguments) → status`` per run, from the session's log."""
    if not run_ids:
        return {}
    events = Event.objects.filter(
        stream_id=session_stream(session_id),
        run__in=run_ids,
        type__in=["run.tool_call", "run.tool_result"],
    ).order_by("seq")
    out: dict[str, list[str]] = {}
    for event in events:
        data = event.data if isinstance(event.data, dict) else {}
        if event.type == "run.tool_call":
            args = json.dumps(data.get("arguments"), separators=(",", ":"))[:300]
            out.setdefault(event.run, []).append(f"{data.get('name')}({args})")
        elif out.get(event.run):
            result = json.dumps(data.get("result"), separators=(",", ":"))[:300]
            out[event.run][-1] += f" → {result}"
    return out


def initial_messages(run: Run) -> list[dict[str, Any]]:
    messages = [system_message(run), *history(run)]
    messages.append({"role": "user", "content": run.prompt or "(no message)"})
    return messages
