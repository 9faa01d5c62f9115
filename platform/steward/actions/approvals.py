"""Approvals: an agent's call of a ``requires_approval`` action waits for a person.

``request`` stores the pending Approval (202). ``approve`` runs the stored call through the
same pipeline (authenticate, authorize, validate, execute, audit) as the agent, recording the
approver; ``reject`` records the reason. A run waiting for the decision is resumed by
``steward.agents.decisions.decide``, which every edge that decides calls.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from steward.access.actors import Actor
from steward.access.roles import Role
from steward.access.teams import has_role
from steward.actions import idempotency
from steward.actions.context import CallContext
from steward.actions.exceptions import ActionDenied, ActionError, ActionInvalid
from steward.actions.models import Approval
from steward.actions.outcome import Attempt, Outcome, jsonable
from steward.actions.spec import ActionSpec
from steward.audit.services import record


def request(*, spec: ActionSpec, attempt: Attempt, claim: dict[str, str] | None = None) -> Outcome:
    """Store a pending Approval and its audit row; answers 202 with the approval."""
    ctx = attempt.context
    with transaction.atomic():
        held = idempotency.claim(**claim) if claim else None
        approval = Approval.objects.create(
            app=spec.app,
            action=spec.name,
            args=jsonable(attempt.args),
            token=attempt.actor.token,
            requested_by=attempt.actor.label,
            session_id=ctx.session_id or "",
            run_id=ctx.run_id or "",
        )
        attempt.approval_id = approval.pk
        entry = record(**attempt.audit_fields(status="pending"))
        body = {"status": "pending", "approval": approval.to_dict(), "audit_id": entry.pk}
        if held is not None:
            idempotency.complete(held, http_status=202, body=body)
    return Outcome(
        status="pending", http_status=202, body=body, audit_id=entry.pk, approval_id=approval.pk
    )


def approve(*, approval_id: int, by: Any) -> Approval:
    """Run the approved call as the agent that asked; the approver is recorded."""
    from steward.actions import services

    with transaction.atomic():
        approval = _lock_pending(approval_id, by)
        attempt = _attempt(approval, by)
        try:
            services.authenticate(attempt.actor)
            spec = services.actions.get(approval.app, approval.action)
            services.authorize(attempt.actor, spec)
            data = services.validate(spec, approval.args)
            outcome = services.execute(
                spec=spec, attempt=attempt, data=data, dry_run=False, status="approved"
            )
            approval.state, approval.result = Approval.State.APPROVED, outcome.body
        except ActionError as exc:
            services.audit_failure(attempt, exc)
            approval.state, approval.result = Approval.State.FAILED, exc.to_dict()
        _decide(approval, by)
    return approval


def reject(*, approval_id: int, by: Any, reason: str) -> Approval:
    """Refuse the call; the reason is stored, audited and told to the waiting run."""
    if not reason.strip():
        raise ActionInvalid(fields={"reason": ["Say why the call is rejected."]})
    with transaction.atomic():
        approval = _lock_pending(approval_id, by)
        approval.state, approval.reason = Approval.State.REJECTED, reason.strip()
        approval.result = {"error": {"code": "rejected", "message": approval.reason}}
        attempt = _attempt(approval, by)
        record(**attempt.audit_fields(status="rejected", error=approval.result["error"]))
        _decide(approval, by)
    return approval


def _attempt(approval: Approval, approver: Any) -> Attempt:
    """The stored call, as the agent that asked made it, with the deciding person recorded."""
    context = CallContext(session_id=approval.session_id or None, run_id=approval.run_id or None)
    attempt = Attempt(
        Actor.for_token(approval.token), approval.app, approval.action, approval.args, None, context
    )
    attempt.approver, attempt.approval_id = approver, approval.pk
    return attempt


def _lock_pending(approval_id: int, by: Any) -> Approval:
    approval = (
        Approval.objects.select_for_update()
        .select_related("token__owner")
        .filter(pk=approval_id)
        .first()
    )
    if approval is None:
        raise ActionInvalid(f"No approval #{approval_id}.")
    if not has_role(by, approval.app, Role.ADMIN):
        raise ActionDenied(f"Deciding approvals of {approval.app} needs its admin role.")
    if approval.state != Approval.State.PENDING:
        raise ActionInvalid(f"Approval #{approval_id} was already decided ({approval.state}).")
    return approval


def _decide(approval: Approval, by: Any) -> None:
    approval.decided_by, approval.decided = by, timezone.now()
    approval.save(update_fields=["state", "reason", "result", "decided_by", "decided"])
