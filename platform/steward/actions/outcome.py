"""What invoke returns, and how a call is described to the audit log."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.serializers.json import DjangoJSONEncoder

from steward.actions.context import CallContext


@dataclass(frozen=True)
class Outcome:
    """A successful (or pending) call: the HTTP status and JSON body every edge returns."""

    status: Literal["ok", "pending", "replayed", "dry_run"]
    http_status: int
    body: dict[str, Any]
    audit_id: int | None = None
    approval_id: int | None = None


class MalformedJSON(str):
    """A body that did not parse; edges pass it to invoke so the attempt is audited too."""


@dataclass
class Attempt:
    """One invoke call as the audit log records it (filled in as the pipeline learns more)."""

    actor: Any
    app: str
    name: str
    args: Any
    idempotency_key: str | None
    context: CallContext
    started: float = field(default_factory=time.perf_counter)
    approver: Any = None
    approval_id: int | None = None

    def audit_fields(self, **extra: Any) -> dict[str, Any]:
        ctx = self.context
        actor = self.actor
        fields: dict[str, Any] = {
            "actor_label": actor.label if actor is not None else "anonymous",
            "user": getattr(actor, "user", None) if actor is not None else None,
            "token": getattr(actor, "token", None) if actor is not None else None,
            "approver": self.approver,
            "approval_id": self.approval_id,
            "app": self.app[:64],
            "action": self.name[:64],
            # audit.services.record stores it as JSON (once); a non-object body is kept too
            "args": self.args if isinstance(self.args, dict) else {"_body": self.args},
            "duration_ms": round((time.perf_counter() - self.started) * 1000, 3),
            "idempotency_key": (self.idempotency_key or "")[:255],
            "session_id": (ctx.session_id or "")[:64],
            "run_id": (ctx.run_id or "")[:64],
            "request_id": (ctx.request_id or "")[:128],
            "client_addr": ctx.client_addr or None,
            "user_agent": (ctx.user_agent or "")[:512],
        }
        fields.update(extra)
        return fields


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON types (dates become ISO strings, Decimals strings)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
