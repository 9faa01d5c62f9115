"""Say, stop and steer in a session; runs start, stop and are waited for here.

Every edge calls these: the WebSocket's ``say``/``stop``/``steer`` ops, the session REST API,
the agent panel, Prove the Loop. ``say`` posts a person's (or an agent token's) message and
starts the run that answers it, in that order, with nothing in between.

A run started by a person acts through a run-scoped agent token issued to that person
for the session's app: its actions are the ones the person's role allows (a viewer's token
would be read-only; operators get the operator actions, admins all), it expires after
RUN_TOKEN_LIFETIME, and the owner's role is checked again on every call. So an agent run
can never do more than the person who asked, and the audit log names the run's token, the
session and the run. A run started by an agent token uses that token itself. The run
token's secret is dropped at once: only the runner uses the token, in-process, through
``Actor.for_token``, so there is no credential to leak; and the token is revoked when its
run ends (lifecycle.release_token); a run waits for its calls' approvals first.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, F, OuterRef

from steward.access.actors import Actor
from steward.access.authorization import token_allows
from steward.access.roles import Role, at_least
from steward.access.services import issue_token
from steward.access.teams import membership_role
from steward.actions.registry import actions
from steward.agents import lifecycle, loop, runner
from steward.agents.durability import streaming_commit
from steward.agents.exceptions import CannotStartRun, RunNotFound
from steward.agents.models import ACTIVE_STATES, Run, RunState, new_run_id
from steward.audit.services import record
from steward.live import services as live
from steward.live.models import Event, Session

RUN_TOKEN_LIFETIME = timedelta(days=7)
WAITING = (RunState.QUEUED, RunState.AWAITING_APPROVAL)


@dataclass(frozen=True)
class Said:
    """A message in a session and the run that answers it (queued if a turn is under way)."""

    event: Event
    run: Run


def say(*, session_id: str, text: str, actor: Actor) -> Said:
    """Post ``text`` into the session as ``actor`` and start the run that answers it.

    The run starts at once when the session has no active turn; otherwise it is the next
    turn. Raises CannotStartRun, with nothing written, when ``actor`` may not start runs."""
    session = _session(session_id, actor)
    role = _authorize(actor, session.app)
    event = live.append(
        session_id=session.id, type="session.message", data={"text": text}, by=actor.label
    )
    run = _queue_turn(session, actor, role, prompt=text, prompt_seq=event.seq)
    return Said(event=event, run=run)


def stop(*, session_id: str, by: str, run: str | None = None) -> Event:
    """Stop the session's running run and its waiting turns (or only ``run`` and its
    sub-agents). ``control.stop`` goes into the log, so every client sees who stopped it;
    a run waiting (queued, awaiting approval) ends at once, a running one at its next chunk."""
    with transaction.atomic():
        event = live.append(session_id=session_id, type="control.stop", data={"run": run}, by=by)
        record(
            actor_label=by or "someone",
            app=Session.objects.filter(pk=session_id).values_list("app", flat=True).first() or "",
            action="run.stop",
            args={"run": run},
            session_id=session_id,
            run_id=run or "",
            status="ok",
        )
    waiting = Run.objects.filter(session_id=session_id, state__in=WAITING)
    if run:
        waiting = waiting.filter(pk=run) | waiting.filter(parent_id=run)
    # Parents first: a sub-agent's end must not wake a parent this stop cancels too.
    waiting = waiting.order_by(F("parent_id").asc(nulls_first=True), "created")
    for run_id in waiting.values_list("pk", flat=True):
        lifecycle.cancel_idle(run_id, by=by or "someone")
    runner.dispatch_next(session_id)
    return event


def steer(*, session_id: str, text: str, by: str, run: str | None = None) -> Event:
    """Give the running run (or ``run``) an extra instruction; it joins at the next step."""
    return live.append(
        session_id=session_id, type="control.steer", data={"text": text, "run": run}, by=by
    )


def stop_run(*, run_id: str, by: str) -> Run:
    """Stop one run (and its sub-agents); returns it as it is right after."""
    run = get_run(run_id)
    stop(session_id=run.session_id, by=by, run=run.id)
    return get_run(run_id)


def _session(session_id: str, actor: Actor) -> Session:
    """The session, whether a turn is already queued or under way (``busy``) and, for a
    person, their role on its app: one query."""
    active = Run.objects.filter(
        session_id=OuterRef("pk"), parent__isnull=True, state__in=ACTIVE_STATES
    )
    sessions = Session.objects.filter(pk=session_id).annotate(busy=Exists(active))
    if actor.token is None:
        sessions = sessions.annotate(member_role=membership_role(actor.user.pk, OuterRef("app")))
    session = sessions.first()
    if session is None:
        raise CannotStartRun(f"No session is called {session_id!r}; open one first.")
    if actor.token is None:
        actor.knows_role(session.app, session.member_role)  # type: ignore[attr-defined]
    return session


def _authorize(actor: Actor, app: str) -> str | None:
    """The person's role on ``app`` (None for tokens); raises when they may not start runs."""
    token = actor.token
    if token is not None:
        if token.app != app or not token.is_active:
            raise CannotStartRun(
                f"This token cannot start runs in a session of {app!r}: use an active token "
                f"issued for {app!r}."
            )
        return None
    role = actor.role(app)
    if not at_least(role, Role.OPERATOR):
        raise CannotStartRun(
            f"Starting an agent run needs the operator role on the {app} team; "
            "viewers may watch the session. Ask an admin of the app for the role."
        )
    return role


def _queue_turn(
    session: Session, actor: Actor, role: str | None, *, prompt: str, prompt_seq: int
) -> Run:
    # A streaming commit (see durability.py): only a database-server crash could lose a run
    # just queued, and its message stays in the log to be said again.
    with streaming_commit():
        run_id = new_run_id()
        model = loop.run_model(session.app)  # the API shows it while the run is queued
        token, tools = _token_for(actor, session.app, role, run_id)
        run = lifecycle.create_run(
            id=run_id,
            session_id=session.id,
            app=session.app,
            started_by=actor.label,
            token_id=str(token.pk),
            prompt=prompt,
            prompt_seq=prompt_seq,
            tool_names=tools,
            model=model,
        )
        record(
            actor_label=actor.label,
            user=actor.user,
            token=actor.token,
            app=session.app,
            action="run.start",
            args={"prompt_seq": prompt_seq},
            session_id=session.id,
            run_id=run.id,
            status="ok",
        )
        if session.busy:  # type: ignore[attr-defined]
            lifecycle.announce_waiting(session.id, only=run.id)
        transaction.on_commit(lambda: _dispatch(run, busy=session.busy))  # type: ignore[attr-defined]
    return run


def _dispatch(run: Run, *, busy: bool) -> None:
    """Start ``run`` if its session had no turn before it; otherwise it waits its turn.

    ``busy`` was read before ``run`` committed, so a busy session is checked again now: its
    turn may have ended meanwhile (and found no queued run to start). Two runs that both
    found the session free are both submitted: the claim lets one through."""
    if busy:
        runner.dispatch_next(run.session_id)
    else:
        runner.submit(run.id)


def _token_for(
    actor: Actor, app: str, role: str | None, run_id: str
) -> tuple[Any, list[str] | None]:
    """The run's token and, for a token issued here, its tools: the actions ``role`` allows.

    A run an agent token starts uses that token; its tools are read when the run begins."""
    if actor.token is not None:
        return actor.token, None
    specs = [s for s in actions.for_app(app) if at_least(role, s.permission)]
    allowed = [s.name for s in specs]
    token, _secret = issue_token(
        name=lifecycle.run_token_name(run_id),
        owner=actor.user,
        app=app,
        actions=allowed or None,
        read_only=role == Role.VIEWER or not allowed,
        expires=RUN_TOKEN_LIFETIME,
        run_id=run_id,
    )
    return token, [s.name for s in specs if token_allows(token, s)]


def get_run(run_id: str) -> Run:
    run = Run.objects.filter(pk=run_id).first()
    if run is None:
        raise RunNotFound(run_id)
    return run


def wait_for_run(run_id: str, timeout: float = 30.0, *, states: tuple[str, ...] = ()) -> Run:
    """Poll until the run is final (or in one of ``states``); returns it as it is then."""
    wanted = set(states) or {s.value for s in RunState if s not in ACTIVE_STATES}
    deadline = time.monotonic() + timeout
    while True:
        run = get_run(run_id)
        if run.state in wanted or time.monotonic() >= deadline:
            return run
        time.sleep(0.02)
