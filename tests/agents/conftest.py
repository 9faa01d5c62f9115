"""Fixtures of the agent-run tests: a scripted model server, a session, the transcript."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def session(alice: Any) -> Any:
    from steward.live.services import create_session

    return create_session(app="ideaboard", title="Agents at work", created_by=alice)


def transcript(session_id: str) -> list[dict[str, Any]]:
    from steward.live.models import session_stream
    from steward.live.services import read

    return [e.to_dict() for e in read(session_stream(session_id), after=0, limit=100000)]


def types(session_id: str, *, prefix: str = "run.") -> list[str]:
    """Event types in order, consecutive run.delta events counted once (they coalesce)."""
    out: list[str] = []
    for event in transcript(session_id):
        kind = event["type"]
        if kind.startswith(prefix) and not (kind == "run.delta" and out and out[-1] == kind):
            out.append(kind)
    return out


def say(session_id: str, text: str, user: Any) -> Any:
    """Say ``text`` as ``user`` the way the API does; returns the run it started."""
    from steward.access.actors import Actor
    from steward.agents.services import say as post

    return post(session_id=session_id, text=text, actor=Actor.for_user(user)).run


def finished(run_id: str, timeout: float = 15, **kw: Any) -> Any:
    from steward.agents.services import wait_for_run

    run = wait_for_run(run_id, timeout, **kw)
    assert run.state not in ("queued", "running"), f"run still {run.state}: {run.error}"
    return run
