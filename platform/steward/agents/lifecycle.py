"""State transitions of a run, each in one transaction with the event it writes.

A transition happens only from the state it expects: the worker's own (``finish``,
``suspend``) are UPDATEs guarded by ``WHERE state = 'running'``, the others check the state
under the row's lock. That fences a zombie: once the reaper has marked a run interrupted,
the old worker can no longer complete, fail or cancel it. ``claim`` and ``suspend`` write
no event of their run: ``run.started`` goes out with the run's first write (see
Transcript), and what parks a run (``run.approval_required``, a delegation's
``run.tool_call``) is in calls.py; a main run's ``suspend`` tells the turns queued behind
it why they wait (``run.queued``).
"""

from __future__ import annotations

import os
import socket
import time
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from steward.access.models import AgentToken
from steward.access.services import revoke_token
from steward.agents import runner
from steward.agents.durability import streaming_commit
from steward.agents.exceptions import RunLost
from steward.agents.models import ACTIVE_STATES, Run, RunState
from steward.agents.transcript import Transcript
from steward.live.services import append
from steward.metrics.definitions import run_first_token, runs
from steward.skills.services import VERSIONS_STAMP

WORKER = f"{socket.gethostname()}:{os.getpid()}"


def create_run(**fields: Any) -> Run:
    """A new queued run (``fields`` are Run's): the one place runs are created, for a
    person's or agent's turn (services.say) and for sub-agents (delegate)."""
    run = Run(**fields)
    run.save(force_insert=True)  # one INSERT: atomic on its own
    return run


def run_token_name(run_id: str) -> str:
    """The name of the token issued for one run (whose ``run_id`` names the run as well)."""
    return f"agent run {run_id}"


def claim(run_id: str) -> Run | None:
    """queued → running, unless another main run of the session is active (it then waits).

    The claimed run comes with what its first model call needs to know, read in the same
    statement: ``has_history`` (whether its session has earlier turns) and ``skill_stamp``
    (when unchanged, the worker's copy of the app's skill is current)."""
    if connection.vendor == "postgresql":
        run = _claim_in_one_statement(run_id)
    else:
        run = _claim_in_a_transaction(run_id)
    if run is not None and not run.model:  # queued before runs chose their model at start
        from steward.agents.loop import run_model

        run.model = run_model(run.app)
        run.save(update_fields=["model"])
    return run


_CLAIM = """
UPDATE {runs} AS r
SET state = %s, started = COALESCE(r.started, clock_timestamp()), heartbeat = %s, worker = %s,
    timings = r.timings || jsonb_build_object(
        'claimed_ms', round((extract(epoch FROM %s::timestamptz - r.created) * 1000)::numeric, 1))
WHERE r.id = %s AND r.state = %s AND (r.parent_id IS NOT NULL OR NOT EXISTS (
    SELECT FROM {runs} AS b WHERE b.session_id = r.session_id AND b.parent_id IS NULL
    AND b.state IN (%s, %s) AND b.id <> r.id))
RETURNING r.*, set_config('synchronous_commit', 'off', true), EXISTS (
    SELECT FROM {runs} AS h WHERE h.session_id = r.session_id AND h.parent_id IS NULL
    AND h.created < r.created AND h.state NOT IN (%s, %s, %s)) AS has_history,
    {skills} AS skill_stamp
"""


# pg_advisory_xact_lock's first key: the session claim locks' own namespace.
CLAIM_LOCK_CLASS = 0x5354  # "ST"
_SESSION_LOCK = """
SELECT pg_advisory_xact_lock(%s, hashtext(session_id)) FROM {runs} WHERE id = %s
"""


def _claim_in_one_statement(run_id: str) -> Run | None:
    """PostgreSQL: the guarded UPDATE itself claims, after the session's claim lock (see
    durability.py for the asynchronous commit). Its row lock orders two workers taking the
    same run; the session lock orders claims of two runs of one session."""
    now = timezone.now()
    sql = _CLAIM.format(runs=connection.ops.quote_name(Run._meta.db_table), skills=VERSIONS_STAMP)
    running, queued, waiting = (str(s) for s in (RunState.RUNNING, RunState.QUEUED,
                                                 RunState.AWAITING_APPROVAL))  # fmt: skip
    # started is the database's clock when the claim runs, not this thread's before it: under
    # load the two can be far apart, and a turn must never look started before the last ended.
    params = [running, now, WORKER, now, run_id, queued, running, waiting]
    params += [queued, running, waiting]
    with transaction.atomic(), connection.cursor() as cursor:
        # Claims of one session's runs take turns: two messages said at the same moment are
        # dispatched as two "oldest queued" runs (neither saw the other's uncommitted row),
        # and the guard below, read in each claim's own snapshot, would let both run. After
        # this lock the guard's snapshot sees the other claim committed.
        cursor.execute(_SESSION_LOCK.format(runs=connection.ops.quote_name(Run._meta.db_table)),
                       [CLAIM_LOCK_CLASS, run_id])  # fmt: skip
        claimed = list(Run.objects.raw(sql, params))
    return claimed[0] if claimed else None


def _claim_in_a_transaction(run_id: str) -> Run | None:
    active = Run.objects.filter(
        session_id=OuterRef("session_id"),
        parent__isnull=True,
        state__in=[RunState.RUNNING, RunState.AWAITING_APPROVAL],
    ).exclude(pk=OuterRef("pk"))
    with streaming_commit():
        # The run's row, locked, and whether its session is busy: one round trip.
        run = (
            Run.objects.select_for_update()
            .annotate(
                session_busy=Exists(active),
                has_history=Exists(_earlier_turns()),
                skill_stamp=RawSQL(VERSIONS_STAMP, ()),
            )
            .filter(pk=run_id)
            .first()
        )
        if run is None or run.state != RunState.QUEUED:
            return None
        if run.parent_id is None and run.session_busy:
            return None
        now = timezone.now()
        run.state = RunState.RUNNING
        run.started = run.started or now
        run.heartbeat = now
        run.worker = WORKER
        run.timings = {**run.timings, "claimed_ms": ms_since(run)}
        run.save(update_fields=["state", "started", "heartbeat", "worker", "timings"])
    return run


def _earlier_turns() -> QuerySet[Run]:
    """The finished main runs of a run's session before it (the history it starts from)."""
    return Run.objects.filter(
        session_id=OuterRef("session_id"), parent__isnull=True, created__lt=OuterRef("created")
    ).exclude(state__in=ACTIVE_STATES)


def ms_since(run: Run) -> float:
    return round((time.time() - run.created.timestamp()) * 1000, 1)


def _fields(run: Run, transcript: Transcript) -> dict[str, Any]:
    timings = dict(run.timings)
    if transcript.first_token_at is not None and "first_token_ms" not in timings:
        first = transcript.first_token_at - run.created.timestamp()
        timings["first_token_ms"] = round(first * 1000, 1)
        run_first_token.observe(max(0.0, first))  # once per run: the timing is kept from now
    timings["total_ms"] = ms_since(run)
    return {
        "output": transcript.text,
        "steps": run.steps,
        "prompt_tokens": run.prompt_tokens,
        "completion_tokens": run.completion_tokens,
        "timings": timings,
    }


def finish(
    run: Run,
    transcript: Transcript,
    *,
    state: RunState,
    event: str,
    data: dict[str, Any],
    error: str = "",
) -> bool:
    """running → a final state, with its event; False when the run was no longer running."""
    try:
        transcript.flush()
    except RunLost:
        return False  # someone else ended the run: nothing more to write
    fields = _fields(run, transcript)
    with transaction.atomic():
        done = Run.objects.filter(pk=run.pk, state=RunState.RUNNING).update(
            state=state, finished=timezone.now(), error=error, messages=[], pending={}, **fields
        )
        if done:
            transcript.event(event, {**data, "usage": run.usage, "steps": run.steps}, fenced=False)
            release_token(run)
            wake_parent(run)
    run.state = state
    if done:
        runs.labels(str(state)).inc()
    return bool(done)


def suspend(
    run: Run, transcript: Transcript, messages: list[dict[str, Any]], pending: dict[str, Any]
) -> bool:
    """running → awaiting_approval, keeping the conversation to resume from."""
    try:
        transcript.flush()
    except RunLost:
        return False  # someone else ended the run: nothing more to write
    fields = _fields(run, transcript)
    with transaction.atomic():
        done = Run.objects.filter(pk=run.pk, state=RunState.RUNNING).update(
            state=RunState.AWAITING_APPROVAL, messages=messages, pending=pending, **fields
        )
        if done and run.parent_id is None:
            announce_waiting(run.session_id)  # the turns behind it now wait for an admin
    run.state = RunState.AWAITING_APPROVAL
    return bool(done)


def announce_waiting(session_id: str, *, only: str | None = None) -> None:
    """Say in the session why its queued turns (or only the queued turn ``only``) wait: a
    ``run.queued`` event each, naming the turn ahead (``behind``) and what it waits for.

    Called when a turn is queued behind a busy session (services.say) and when the turn
    that holds the session parks on an approval; nothing when no turn is ahead."""
    turns = list(
        Run.objects.filter(session_id=session_id, parent__isnull=True, state__in=ACTIVE_STATES)
        .order_by("created")
        .only("id", "state", "agent", "pending")
    )
    holder = next((t for t in turns if t.state != RunState.QUEUED), None)
    for position, turn in enumerate(turns):
        if turn.state != RunState.QUEUED or (only and turn.pk != only):
            continue
        ahead = holder or (turns[position - 1] if position else None)
        if ahead is None or ahead.pk == turn.pk:
            continue
        append(
            session_id=session_id,
            type="run.queued",
            data={"reason": _waiting_for(ahead), "behind": ahead.pk},
            by=f"agent:{turn.agent}",
            run=turn.pk,
            agent=turn.agent,
        )


def _waiting_for(ahead: Run) -> str:
    if ahead.state == RunState.RUNNING:
        return f"waiting for the turn ahead ({ahead.pk}) to finish"
    if ahead.state == RunState.QUEUED:
        return f"waiting for the turn ahead ({ahead.pk}) to be answered"
    names = [e.get("name", "") for e in ahead.pending.values() if not e.get("children")]
    children = [c for e in ahead.pending.values() for c in e.get("children") or []]
    for pending in Run.objects.filter(
        pk__in=children, state=RunState.AWAITING_APPROVAL
    ).values_list("pending", flat=True):
        names += [e.get("name", "") for e in pending.values() if not e.get("children")]
    names = sorted({n for n in names if n})
    if not names:
        return "waiting for an admin's decision on the turn ahead"
    return f"waiting for an admin to decide {', '.join(names)}"


def cancel_idle(run_id: str, *, by: str) -> bool:
    """queued / awaiting_approval → cancelled (no worker holds these runs)."""
    with transaction.atomic():
        run = Run.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.state not in (RunState.QUEUED, RunState.AWAITING_APPROVAL):
            return False
        run.state = RunState.CANCELLED
        run.finished = timezone.now()
        run.save(update_fields=["state", "finished"])
        transaction.on_commit(lambda: runs.labels(str(RunState.CANCELLED)).inc())
        release_token(run)
        wake_parent(run)
        append(
            session_id=run.session_id,
            type="run.cancelled",
            data={
                "by": by,
                "stopped_by": by,
                "partial": run.output,
                "usage": run.usage,
                "steps": run.steps,
            },
            by=f"agent:{run.agent}",
            run=run.id,
            agent=run.agent,
        )
    return True


def interrupt(run_id: str, *, reason: str) -> bool:
    """running → interrupted (its worker died); keeps the partial output."""
    with transaction.atomic():
        run = Run.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.state != RunState.RUNNING:
            return False
        run.state = RunState.INTERRUPTED
        run.finished = timezone.now()
        run.error = reason
        run.save(update_fields=["state", "finished", "error"])
        transaction.on_commit(lambda: runs.labels(str(RunState.INTERRUPTED)).inc())
        release_token(run)
        wake_parent(run)
        append(
            session_id=run.session_id,
            type="run.interrupted",
            data={"reason": reason, "partial": run.output, "usage": run.usage},
            by=f"agent:{run.agent}",
            run=run.id,
            agent=run.agent,
        )
    return True


def wake_parent(run: Run) -> None:
    """A sub-agent has ended (inside the transaction that ended it): a parent parked waiting
    for its sub-agents (delegate.run_delegations) is queued again once all of them have
    ended and every approval of its own is decided."""
    if run.parent_id is None:
        return
    parent = (
        Run.objects.select_for_update()
        .filter(pk=run.parent_id, state=RunState.AWAITING_APPROVAL)
        .first()
    )
    if parent is None:
        return
    for entry in parent.pending.values():
        children = entry.get("children") or []
        if run.pk not in children or entry.get("decision"):
            continue
        if not Run.objects.filter(pk__in=children, state__in=ACTIVE_STATES).exists():
            entry["decision"] = {"state": "ended"}
    if all(entry.get("decision") for entry in parent.pending.values()):
        parent.state = RunState.QUEUED
        session_id = parent.session_id
        transaction.on_commit(lambda: runner.dispatch_next(session_id))
    parent.save(update_fields=["pending", "state"])


def release_token(run: Run) -> None:
    """Revoke the token issued for a main run once it has ended (its sub-agents share it and
    end first); a token that started the run itself (an agent's) stays as it is. Runs park
    while a call awaits an admin's decision, so a call still pending now was stopped: its
    approval, if it comes, fails on the revoked token rather than acting for a run that
    is over."""
    if run.parent_id is not None or not run.token_id.isdigit():
        return
    token_id = int(run.token_id)
    if AgentToken.objects.filter(pk=token_id, run_id=run.id).exists():
        revoke_token(token_id=token_id)
