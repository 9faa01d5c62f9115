"""Prove the Loop: a brand-new agent, with only the app's skill and tools, operates the app.

The proof is the evidence the platform itself keeps, never the agent's own words: the audit
log must show a mutating Safe Action from the new session, the app's data must have changed,
and the app's live feed must have carried that change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse

from steward.access.actors import Actor
from steward.access.services import issue_token, revoke_token
from steward.actions.registry import actions
from steward.agents import services as agents
from steward.agents.models import ACTIVE_STATES, RunState
from steward.audit.models import AuditEntry
from steward.gate import snapshot
from steward.live import services as live
from steward.live.models import app_stream
from steward.skills.models import content_digest
from steward.skills.services import current_text_for_app

TOKEN_LIFETIME = timedelta(hours=1)
MUTATED = ("ok", "approved")


@dataclass
class Proof:
    app: str
    command: str
    session_id: str
    session_url: str
    run_id: str = ""
    run_state: str = ""
    model: str = ""
    output: str = ""
    actions: list[tuple[str, str]] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    feed_events: int = 0
    skill_digest: str = ""
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def changed_records(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[str]:
    """What differs between two snapshots, as "created ideaboard.idea #4" lines."""
    old = {(r["model"], r["pk"]): r["fields"] for r in before}
    new = {(r["model"], r["pk"]): r["fields"] for r in after}
    lines = [f"created {m} #{pk}" for (m, pk) in new.keys() - old.keys()]
    lines += [f"deleted {m} #{pk}" for (m, pk) in old.keys() - new.keys()]
    both = old.keys() & new.keys()
    lines += [f"updated {m} #{pk}" for (m, pk) in both if old[m, pk] != new[m, pk]]
    return sorted(lines)


@dataclass
class Started:
    """A proof under way: the run was queued; the evidence is collected by ``finish``."""

    proof: Proof
    token: Any
    before: list[dict[str, Any]]
    feed_seq: int


def prove_loop(*, app: str, command: str, user: Any, timeout: float = 120.0) -> Proof:
    """Run ``command`` in a new session with a fresh agent and collect the evidence."""
    return finish(begin(app=app, command=command, user=user), timeout=timeout)


def begin(*, app: str, command: str, user: Any) -> Started:
    """Open the session, issue the fresh token, say the command and queue the agent's run."""
    token, _secret = issue_token(
        name=f"prove-loop {app}", owner=user, app=app, expires=TOKEN_LIFETIME
    )
    session = live.create_session(app=app, title=f"Prove the loop: {command}", created_by=user)
    proof = Proof(
        app=app,
        command=command,
        session_id=session.id,
        session_url=settings.STEWARD_PUBLIC_URL + reverse("live-session", args=[session.id]),
    )
    skill = current_text_for_app(app)
    proof.skill_digest = content_digest(skill) if skill else ""
    started = Started(
        proof=proof, token=token, before=snapshot.take(app), feed_seq=live.tail(app_stream(app))
    )
    said = agents.say(session_id=session.id, text=command, actor=Actor.for_token(token))
    proof.run_id = said.run.id
    return started


def finish(started: Started, *, timeout: float = 120.0) -> Proof:
    """Wait for the run, collect the evidence, revoke the token and post the verdict."""
    proof = started.proof
    try:
        ended = [s.value for s in RunState if s not in ACTIVE_STATES]
        run = agents.wait_for_run(
            proof.run_id, timeout, states=(*ended, RunState.AWAITING_APPROVAL)
        )
        if run.state == RunState.QUEUED:
            agents.stop_run(run_id=run.id, by="prove_loop")
            proof.failures.append(
                f"The run never started within {timeout:.0f} s. With STEWARD_RUNNER=celery a "
                "worker must be running (make worker)."
            )
        elif run.state == RunState.RUNNING:
            agents.stop_run(run_id=run.id, by="prove_loop")
            proof.failures.append(f"The run did not finish within {timeout:.0f} s; stopped it.")
        proof.run_state, proof.model, proof.output = run.state, run.model, run.output
        if run.state == RunState.FAILED:
            proof.failures.append(f"The run failed: {run.error}")
        _collect(proof, proof.app, started.token.label, started.before, started.feed_seq)
    finally:
        revoke_token(token_id=started.token.pk)
    live.append(
        session_id=proof.session_id,
        type="proof.completed",
        data={
            "passed": proof.passed,
            "actions": [{"action": a, "status": s} for a, s in proof.actions],
            "changes": proof.changes,
            "feed_events": proof.feed_events,
            "failures": proof.failures,
        },
        by="steward:prove_loop",
    )
    return proof


def _collect(
    proof: Proof, app: str, label: str, before: list[dict[str, Any]], feed_seq: int
) -> None:
    specs = actions.for_app(app)
    read_only = {s.name for s in specs if s.read_only}
    # The session's Safe Action calls (not the platform's own entries: session.create, run.start).
    entries = AuditEntry.objects.filter(
        session_id=proof.session_id, action__in=[s.name for s in specs]
    ).order_by("seq")
    proof.actions = [(e.action, e.status) for e in entries]
    if not any(a not in read_only and s in MUTATED for a, s in proof.actions):
        proof.failures.append(
            "The audit log shows no data-changing action from the session "
            f"(calls: {', '.join(f'{a} {s}' for a, s in proof.actions) or 'none'})."
        )
    proof.changes = changed_records(before, snapshot.take(app))
    if not proof.changes:
        proof.failures.append(f"The {app} data did not change.")
    feed = live.read(app_stream(app), after=feed_seq)
    proof.feed_events = sum(
        1 for e in feed if e.type == "app.changed" and (e.data or {}).get("actor") == label
    )
    if not proof.feed_events:
        proof.failures.append(f"The {app} live feed carried no change from the session.")
