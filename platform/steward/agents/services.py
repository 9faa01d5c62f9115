"""Start, stop, steer and wait for agent runs: the services every edge calls.

A run started by a person acts through a run-scoped agent token issued to that person
for the session's app: its actions are the ones the person's role allows (a viewer's
token would be read-only; operators get the operator actions, admins all), it expires
after RUN_TOKEN_LIFETIME, and the owner's role is checked again on every call. So an
agent run can never do more than the person who asked, and the audit log names the run's
token, the session and the run. A run started by an agent token uses that token itself.
The run token's secret is dropped at once: only the runner uses the token, in-process,
through ``Actor.for_token``, so there is no credential to leak; and the token is revoked
when its run ends (lifecycle.release_token); a run waits for its calls' approvals first.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.db import transaction

from steward.agents import lifecycle, loop
from steward.agents.durability import streaming_commit
from steward.agents.exceptions import CannotStartRun, RunNotFound
from steward.agents.models import ACTIVE_STATES, Run, RunState
from steward.live import services as live
from steward.live.models import Event, Session, session_stream

RUN_TOKEN_LIFETIME = timedelta(days=7)


def start_run(
    *,
    session_id: str,
    prompt_event_seq: int | None = None,
    agent: str = "main",
    actor: Any,
    instructions_extra: str | None = None,
    prompt: str | None = None,
) -> Run:
    """Queue a run answering the session's message ``prompt_event_seq`` (or ``prompt``).

    It starts at once when the session has no active run; otherwise it is the next turn.
    """
    from django.db.models import Exists, OuterRef

    from steward.access.teams import membership_role

    # Whether a turn is already queued or under way comes with the session, too.
    active = Run.objects.filter(
        session_id=OuterRef("pk"), parent__isnull=True, state__in=ACTIVE_STATES
    )
    sessions = Session.objects.filter(pk=session_id).annotate(busy=Exists(active))
    user_id = getattr(getattr(actor, "user", None), "pk", None)
    if getattr(actor, "token", None) is None and user_id is not None:
        # The person's role on the session's app comes with the session: one query.
        sessions = sessions.annotate(member_role=membership_role(user_id, OuterRef("app")))
    session = sessions.first()
    if session is None:
        raise CannotStartRun(f"No session is called {session_id!r}; open one first.")
    role = _authorize(actor, session.app, getattr(session, "member_role", None))
    if prompt is None and prompt_event_seq is not None:
        event = Event.objects.filter(
            stream_id=session_stream(session_id), seq=prompt_event_seq
        ).first()
        data = event.data if event is not None and isinstance(event.data, dict) else {}
        prompt = str(data.get("text", ""))
    # A streaming commit (see durability.py): only a database-server crash could lose a run
    # just queued, and its message stays in the log to be said again.
    with streaming_commit():
        run = Run(
            session_id=session_id,
            app=session.app,
            agent=agent,
            started_by=actor.label,
            prompt=prompt or "",
            prompt_seq=prompt_event_seq,
            instructions=instructions_extra or "",
        )
        run.model = loop.run_model(run)  # the API shows it while the run is queued
        token, run.tool_names = _token_for(actor, session.app, run.id, role)
        run.token_id = str(token.pk)
        run.save(force_insert=True)
        transaction.on_commit(lambda: _dispatch(run, busy=session.busy))
    return run


def _dispatch(run: Run, *, busy: bool) -> None:
    """Start ``run`` if its session had no turn before it; otherwise it waits its turn.

    ``busy`` was read before ``run`` committed, so a busy session is checked again now: its
    turn may have ended meanwhile (and found no queued run to start). Two runs that both
    found the session free are both submitted: the claim lets one through."""
    from steward.agents.runner import dispatch_next, submit

    if busy:
        dispatch_next(run.session_id)
    else:
        submit(run.id)


def _authorize(actor: Any, app: str, membership: str | None) -> str | None:
    """The person's role on ``app`` (None for tokens); raises when they may not start runs.

    ``membership``: the person's membership role on ``app``, fetched with the session."""
    from steward.access.roles import at_least
    from steward.access.teams import role_given

    token = getattr(actor, "token", None)
    if token is not None:
        if token.app != app or not token.is_active:
            raise CannotStartRun(
                f"This token cannot start runs in a session of {app!r}: use an active token "
                f"issued for {app!r}."
            )
        return None
    role = role_given(actor.user, membership)
    if not at_least(role, "operator"):
        raise CannotStartRun(
            f"Starting an agent run needs the operator role on the {app} team; "
            "viewers may watch the session. Ask an admin of the app for the role."
        )
    return role


def _token_for(actor: Any, app: str, run_id: str, role: str | None) -> tuple[Any, Any]:
    """The run's token and, for a token issued here, its tools: the actions ``role`` allows.

    A run an agent token starts uses that token; its tools are read when the run begins."""
    token = getattr(actor, "token", None)
    if token is not None:
        return token, None
    from steward.access.roles import Role, at_least
    from steward.access.services import issue_token
    from steward.actions.registry import actions

    specs = [s for s in actions.for_app(app) if at_least(role, s.permission)]
    allowed = [s.name for s in specs]
    token, _secret = issue_token(
        name=run_token_name(run_id),
        owner=actor.user,
        app=app,
        actions=allowed or None,
        read_only=role == Role.VIEWER or not allowed,
        expires=RUN_TOKEN_LIFETIME,
    )
    return token, [s.name for s in specs if token.allows(s)]


def run_token_name(run_id: str) -> str:
    return f"agent run {run_id}"


def get_run(run_id: str) -> Run:
    run = Run.objects.filter(pk=run_id).first()
    if run is None:
        raise RunNotFound(run_id)
    return run


def stop_run(*, run_id: str, by: str) -> Run:
    """Stop a run: a waiting one ends at once; a running one at its next chunk (via the log)."""
    run = get_run(run_id)
    if run.state in (RunState.QUEUED, RunState.AWAITING_APPROVAL):
        lifecycle.cancel_idle(run.id, by=by)
    elif run.state == RunState.RUNNING:
        live.stop(session_id=run.session_id, by=by, run=run.id)
    return get_run(run_id)


def steer(*, run_id: str, text: str, by: str) -> None:
    """Give a running run an extra instruction; it applies at the next step boundary."""
    run = get_run(run_id)
    live.steer(session_id=run.session_id, text=text, by=by, run=run.id)


steer_run = steer


def wait_for_run(run_id: str, timeout: float = 30.0, *, states: tuple[str, ...] = ()) -> Run:
    """Poll until the run is final (or in one of ``states``); returns it as it is then."""
    wanted = set(states) or {s.value for s in RunState if s.value not in _ACTIVE}
    deadline = time.monotonic() + timeout
    while True:
        run = get_run(run_id)
        if run.state in wanted or time.monotonic() >= deadline:
            return run
        time.sleep(0.02)


_ACTIVE = {s.value for s in ACTIVE_STATES}
