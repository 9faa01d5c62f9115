"""A run's tools: its token's permitted Safe Actions as strict OpenAI tools, plus ``delegate``.

Every call goes through the invoke service with the run's token as the actor and the
session and run ids in the audit context. Whatever goes wrong (unknown tool, arguments
that are not JSON, validation errors, denials) comes back to the model as the tool's
result, with a message that says how to fix the call: the run never crashes on it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef

from steward.access.actors import Actor
from steward.access.authorization import token_allows
from steward.access.models import AgentToken
from steward.access.roles import at_least
from steward.access.teams import membership_role, role_given
from steward.actions.context import CallContext
from steward.actions.exceptions import ActionError
from steward.actions.registry import actions
from steward.actions.services import invoke
from steward.actions.tools import openai_tools
from steward.agents.model_client import ToolCallRequest
from steward.agents.models import Run

DELEGATE = "delegate"

DELEGATE_TOOL: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": DELEGATE,
        "description": (
            "Start sub-agents that work concurrently in this session. Each task names the "
            "sub-agent, gives its instructions and the subset of your tools it may use. "
            "Returns each sub-agent's final answer."
        ),
        "strict": True,
        "parameters": {
            "type": "object",
            "properties": {
                "tasks": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "agent": {"type": "string", "description": "Short name, e.g. scout"},
                            "instructions": {"type": "string"},
                            "tools": {"type": "array", "items": {"type": "string"}},
                        },
                        "required": ["agent", "instructions", "tools"],
                        "additionalProperties": False,
                    },
                }
            },
            "required": ["tasks"],
            "additionalProperties": False,
        },
    },
}


@dataclass
class ToolResult:
    call: ToolCallRequest
    status: str  # ok | pending | error | replayed
    body: dict[str, Any]
    approval_id: str | None = None

    def message(self) -> dict[str, Any]:
        """The ``role: tool`` message the model sees."""
        return {"role": "tool", "tool_call_id": self.call.id, "content": json.dumps(self.body)}


def error(call: ToolCallRequest, code: str, message: str, **extra: Any) -> ToolResult:
    return ToolResult(call, "error", {"error": {"code": code, "message": message, **extra}})


class ToolBox:
    """The tools one run may use, and how to call them.

    A run's tools are fixed when it starts: the actions its person's role allowed then
    (``run.tool_names``, set by start_run; a sub-agent's are a subset of its parent's),
    or, for a run an agent token started, what that token permits when the run begins.
    Either way every call goes through invoke, which checks the token and its owner's role
    again, so a tool shown to the model never grants more than the token allows now.
    """

    def __init__(self, run: Run) -> None:

        self.run = run
        self._token: Any = None
        if run.tool_names is not None:
            wanted = set(run.tool_names)
            specs = [s for s in actions.for_app(run.app) if s.name in wanted]
        else:
            specs = self._permitted_now()
        self.specs = {s.name: s for s in specs}
        self.schemas: list[dict[str, Any]] = list(openai_tools(specs))
        self.can_delegate = run.parent_id is None
        if self.can_delegate:
            self.schemas.append(DELEGATE_TOOL)

    def _permitted_now(self) -> list[Any]:
        """The token's scope and its owner's role, as the scope rule checks
        them, with the role fetched along with the token: one query."""

        self._token = (
            AgentToken.objects.select_related("owner")
            .annotate(owner_role=membership_role(OuterRef("owner"), self.run.app))
            .get(pk=self.run.token_id)
        )
        role = role_given(self._token.owner, self._token.owner_role)
        return [
            s
            for s in actions.for_app(self.run.app)
            if token_allows(self._token, s) and at_least(role, s.permission)
        ]

    @property
    def token(self) -> Any:
        """The run's token (the actor of every call), read when the first call needs it."""
        if self._token is None:
            self._token = AgentToken.objects.select_related("owner").get(pk=self.run.token_id)
        return self._token

    @property
    def names(self) -> list[str]:
        return sorted(self.specs) + ([DELEGATE] if self.can_delegate else [])

    def parse(self, call: ToolCallRequest) -> dict[str, Any] | ToolResult:
        """The call's arguments, or the error result to send back."""
        if call.name not in self.specs and not (call.name == DELEGATE and self.can_delegate):
            return error(
                call,
                "not_found",
                f"There is no tool called {call.name!r}. "
                f"Call one of: {', '.join(self.names) or 'none'}.",
            )
        try:
            args = json.loads(call.arguments or "{}")
        except json.JSONDecodeError as exc:
            return error(
                call,
                "invalid",
                f"The arguments of {call.name} are not valid JSON ({exc.msg} at position "
                f"{exc.pos}). Send one JSON object that matches the tool's parameters.",
            )
        if not isinstance(args, dict):
            return error(call, "invalid", f"The arguments of {call.name} must be a JSON object.")
        return args

    def invoke(self, call: ToolCallRequest, args: dict[str, Any]) -> ToolResult:

        context = CallContext(session_id=self.run.session_id, run_id=self.run.id)
        try:
            outcome = invoke(
                actor=Actor.for_token(self.token),
                app=self.run.app,
                name=call.name,
                args=args,
                context=context,
            )
        except ActionError as exc:
            return ToolResult(call, "error", exc.to_dict())
        body = outcome.body if isinstance(outcome.body, dict) else {"result": outcome.body}
        approval = str(outcome.approval_id) if outcome.approval_id is not None else None
        return ToolResult(call, outcome.status, body, approval_id=approval)
