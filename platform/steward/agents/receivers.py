"""Signal receivers: a message starts a run, a stop cancels waiting runs, an approval resumes.

Connected in AgentsConfig.ready(). Each receiver is a thin edge calling one service.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from steward.agents import lifecycle
from steward.agents.exceptions import CannotStartRun
from steward.agents.models import Run, RunState

logger = logging.getLogger(__name__)


@dataclass
class Speaker:
    """Who is saying the message being posted, when the edge knows better than a label."""

    actor: Any
    runs: list[Run] = field(default_factory=list)


_speaker: contextvars.ContextVar[Speaker | None] = contextvars.ContextVar("speaker", default=None)


@contextmanager
def speaking_as(actor: Any) -> Iterator[Speaker]:
    """Messages posted inside start their runs as ``actor``; ``.runs`` collects them."""
    speaker = Speaker(actor)
    reset = _speaker.set(speaker)
    try:
        yield speaker
    finally:
        _speaker.reset(reset)


def _actor_from_label(label: str, session_id: str) -> Any:
    """The actor behind an event's ``by``: a person by username, or the one active token of
    the session's app with that name (edges that know better use ``speaking_as``)."""
    from steward.access.actors import Actor
    from steward.access.models import AgentToken
    from steward.live.models import Session

    kind, _, name = label.partition(":")
    if kind == "user" and name:
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        return Actor.for_user(user) if user is not None else None
    if kind == "token" and name:
        app = Session.objects.filter(pk=session_id).values_list("app", flat=True).first()
        tokens = [
            t
            for t in AgentToken.objects.filter(name=name, app=app, revoked__isnull=True)[:2]
            if t.is_active
        ]
        return Actor.for_token(tokens[0]) if len(tokens) == 1 else None
    return None


def on_message_posted(sender: Any, session_id: str, event: Any, **_: Any) -> None:
    if not event.by or event.by.startswith("agent:"):
        return
    speaker = _speaker.get()
    actor = speaker.actor if speaker is not None else _actor_from_label(event.by, session_id)
    if actor is None:
        logger.info("No run for %s's message in %s: unknown speaker", event.by, session_id)
        return
    from steward.agents.services import start_run

    try:
        run = start_run(session_id=session_id, prompt_event_seq=event.seq, actor=actor)
    except CannotStartRun as exc:
        logger.info("No run for %s in %s: %s", event.by, session_id, exc)
        return
    if speaker is not None:
        speaker.runs.append(run)


def on_control_posted(sender: Any, session_id: str, event: Any, **_: Any) -> None:
    if event.type != "control.stop":
        return
    target = (event.data or {}).get("run") if isinstance(event.data, dict) else None
    waiting = Run.objects.filter(
        session_id=session_id, state__in=[RunState.QUEUED, RunState.AWAITING_APPROVAL]
    )
    if target:
        waiting = waiting.filter(pk=target) | waiting.filter(parent_id=target)
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
                session_id = run.session_id
                transaction.on_commit(lambda s=session_id: _dispatch(s))  # type: ignore[misc]


def _dispatch(session_id: str) -> None:
    from steward.agents.runner import dispatch_next

    dispatch_next(session_id)


def connect() -> None:
    from steward.actions.signals import approval_decided
    from steward.live.signals import control_posted, message_posted

    message_posted.connect(on_message_posted, dispatch_uid="agents.message_posted")
    control_posted.connect(on_control_posted, dispatch_uid="agents.control_posted")
    approval_decided.connect(on_approval_decided, dispatch_uid="agents.approval_decided")
