"""Undo an agent's run: the inverse of every change its calls (and its sub-agents') made.

App admins may revert any run and force past later changes; the person who started a run
may revert their own; nobody else (refusals are audited).
"""

from __future__ import annotations

from steward.access.actors import Actor
from steward.access.roles import Role
from steward.actions.exceptions import ActionDenied, ActionError, ActionInvalid
from steward.actions.revert import refused, revert
from steward.agents.models import ACTIVE_STATES, Run
from steward.agents.services import get_run
from steward.audit.models import AuditEntry


def revert_run(*, run_id: str, actor: Actor, force: bool = False) -> AuditEntry:
    run = get_run(run_id)
    target = {"run": run.id}
    admin = actor.role(run.app) == Role.ADMIN
    own = actor.token is None and run.started_by == actor.label
    error: ActionError | None = None
    if not (admin or own):
        error = ActionDenied(
            "Only an admin of the app, or the person who started the run, may revert it."
        )
    elif force and not admin:
        error = ActionDenied("Forcing a revert past later changes needs the app's admin role.")
    elif run.state in ACTIVE_STATES:
        error = ActionInvalid(f"Run {run.id} is {run.state}; stop it (or let it end) first.")
    if error is not None:
        refused(app=run.app, actor=actor, target=target, error=error)
        raise error
    runs = [run.id, *Run.objects.filter(parent_id=run.id).values_list("pk", flat=True)]
    entries = list(AuditEntry.objects.filter(app=run.app, run_id__in=runs).order_by("seq"))
    return revert(app=run.app, entries=entries, actor=actor, target=target, force=force)
