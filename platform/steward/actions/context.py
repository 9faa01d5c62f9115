"""Where a call comes from (CallContext, filled by the edge) and what an action receives (ctx)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CallContext:
    """Where a call comes from: filled by the edge (REST headers, agent run, MCP session)."""

    session_id: str | None = None
    run_id: str | None = None
    request_id: str | None = None
    client_addr: str | None = None
    user_agent: str | None = None


@dataclass(frozen=True)
class ActionContext:
    """The ``ctx`` an action function receives."""

    actor: Any
    app: str
    action: str
    dry_run: bool = False
    session_id: str | None = None
    run_id: str | None = None
    request_id: str | None = None
