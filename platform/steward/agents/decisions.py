"""Deciding an approval: the call runs (or is refused), and a run waiting for it goes on.

Every edge where a person decides (Django admin, the approvals inbox, a card in a session)
calls ``decide``: one service, so a decision always reaches the run that asked.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from steward.actions import approvals
from steward.actions.models import Approval
from steward.agents import runner
from steward.agents.models import Run, RunState


def decide(*, approval_id: int, by: Any, approve: bool, reason: str = "") -> Approval:
    """Approve (run the call as the agent that asked) or reject (with ``reason``), then
    resume the run parked on it once all its calls are decided. Raises ActionError."""
    with transaction.atomic():
        if approve:
            approval = approvals.approve(approval_id=approval_id, by=by)
        else:
            approval = approvals.reject(approval_id=approval_id, by=by, reason=reason)
        _answer_waiting_run(approval)
    return approval


def _answer_waiting_run(approval: Approval) -> None:
    """Record the decision on the parked run; when it has all its answers, queue it again."""
    if not approval.run_id:
        return  # an agent's REST or MCP call: the agent reads the approval itself
    key = str(approval.pk)
    run = (
        Run.objects.select_for_update()
        .filter(pk=approval.run_id, state=RunState.AWAITING_APPROVAL)
        .first()
    )
    if run is None or key not in run.pending:
        return
    run.pending[key]["decision"] = {"state": approval.state, "result": approval.result}
    if all(entry.get("decision") for entry in run.pending.values()):
        run.state = RunState.QUEUED
    run.save(update_fields=["pending", "state"])
    if run.state == RunState.QUEUED:
        transaction.on_commit(lambda: _resume(run))


def _resume(run: Run) -> None:
    """A main run waits its session's turn; a sub-agent goes on at once (its parent waits)."""
    if run.parent_id is None:
        runner.dispatch_next(run.session_id)
    else:
        runner.submit(run.id)
