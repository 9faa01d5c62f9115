"""Signal receivers: a message starts a run, a stop cancels waiting runs, an approval resumes.

Connected in AgentsConfig.ready(). Each receiver is a thin edge calling one service.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import F

from steward.agents import lifecycle
from steward.agents.exceptions import CannotStartRun
from steward.agents.models import Run, RunState

logger = logging.getLogger(__name__)


_started: contextvars.ContextVar[list[Run] | None] = contextvars.ContextVar(
    "started_runs", default=None
)


@contextmanager
def collecting_runs() -> Iterator[list[Run]]:
    """Runs that messages posted inside start are appended to the yielded list."""
    runs: list[Run] = []
    reset = _started.set(runs)
    try:
        yield runs
    finally:
        _started.reset(reset)


def on_message_posted(
    sender: Any, session_id: str, event: Any, actor: Any = None, **_: Any
) -> None:
    """A message said with an actor (a person or a token) starts a run acting as that actor."""
    if actor is None:
        logger.info("No run for %s's message in %s: unknown speaker", event.by, session_id)
        return
    from steward.agents.services import start_run

    try:
        data = event.data if isinstance(event.data, dict) else {}
        run = start_run(
            session_id=session_id,
            prompt_event_seq=event.seq,
            prompt=str(data.get("text", "")),  # the message itself: no need to read it back
            actor=actor,
        )
    except CannotStartRun as exc:
        logger.info("No run for %s in %s: %s", event.by, session_id, exc)
        return
    started = _started.get()
    if started is not None:
        started.append(run)


def on_control_posted(sender: Any, session_id: str, event: Any, **_: Any) -> None:
    if event.type != "control.stop":
        return
    target = (event.data or {}).get("run") if isinstance(event.data, dict) else None
    waiting = Run.objects.filter(
        session_id=session_id, state__in=[RunState.QUEUED, RunState.AWAITING_APPROVAL]
    )
    if target:
        waiting = waiting.filter(pk=target) | waiting.filter(parent_id=target)
    # Parents first: a sub-agent's end must not wake a parent this stop cancels too.
    waiting = waiting.order_by(F("parent_id").asc(nulls_first=True), "created")
    for run_id in waiting.values_list("pk", flat=True):
        lifecycle.cancel_idle(run_id, by=event.by or "someone")
    from steward.agents.runner import dispatch_next

    dispatch_next(session_id)


def on_approval_decided(
    sender: Any, approval_id: Any, state: str, result: Any = None, **_: Any
) -> None:
    """Record the decision on the parked run; when it has all its answers, queue it again."""
    key = str(approval_id)
    for run_id in Run.objects.filter(state=RunState.AWAITING_APPROVAL).values_list("pk", flat=True):
        with transaction.atomic():
            run = Run.objects.select_for_update().get(pk=run_id)
            if run.state != RunState.AWAITING_APPROVAL or key not in run.pending:
                continue
            run.pending[key]["decision"] = {"state": state, "result": result}
            if all(entry.get("decision") for entry in run.pending.values()):
                run.state = RunState.QUEUED
            run.save(update_fields=["pending", "state"])
            if run.state == RunState.QUEUED:
                transaction.on_commit(lambda r=run: _resume(r))  # type: ignore[misc]


def _resume(run: Run) -> None:
    """A main run waits its session's turn; a sub-agent goes on at once (its parent waits)."""
    from steward.agents.runner import dispatch_next, submit

    if run.parent_id is None:
        dispatch_next(run.session_id)
    else:
        submit(run.id)


def connect() -> None:
    from steward.actions.signals import approval_decided
    from steward.live.signals import control_posted, message_posted

    message_posted.connect(on_message_posted, dispatch_uid="agents.message_posted")
    control_posted.connect(on_control_posted, dispatch_uid="agents.control_posted")
    approval_decided.connect(on_approval_decided, dispatch_uid="agents.approval_decided")
