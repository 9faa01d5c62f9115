"""Claiming a queued run: once, and only when its session has no other active main run."""

from __future__ import annotations

from typing import Any

import pytest

from steward.agents import lifecycle
from steward.agents.models import Run, RunState

pytestmark = pytest.mark.django_db(transaction=True)


def _queued(session: Any, **fields: Any) -> Run:
    return Run.objects.create(session_id=session.id, app="ideaboard", model="m", **fields)


def test_a_queued_run_is_claimed_once_with_its_worker_and_timing(session: Any) -> None:
    run = _queued(session)
    claimed = lifecycle.claim(run.id)
    assert claimed is not None and claimed.pk == run.pk
    assert claimed.state == RunState.RUNNING and claimed.worker == lifecycle.WORKER
    assert claimed.started is not None and claimed.heartbeat is not None
    assert claimed.timings["claimed_ms"] >= 0 and claimed.model == "m"
    assert Run.objects.get(pk=run.pk).state == RunState.RUNNING
    assert lifecycle.claim(run.id) is None  # a second worker gets nothing
    assert lifecycle.claim("r_missing") is None


@pytest.mark.parametrize("active", [RunState.RUNNING, RunState.AWAITING_APPROVAL])
def test_a_main_run_waits_while_its_session_is_busy_but_a_sub_agent_does_not(
    session: Any, active: str
) -> None:
    busy = _queued(session, state=active)
    waiting = _queued(session)
    assert lifecycle.claim(waiting.id) is None
    assert Run.objects.get(pk=waiting.pk).state == RunState.QUEUED
    sub = _queued(session, parent=busy, agent="scout")
    assert lifecycle.claim(sub.id) is not None
    Run.objects.filter(pk=busy.pk).update(state=RunState.COMPLETED)
    assert lifecycle.claim(waiting.id) is not None


def test_a_run_queued_without_a_model_gets_the_configured_one(session: Any, settings) -> None:
    settings.OPENAI_BASE_URL, settings.OPENAI_API_KEY = "", ""
    run = Run.objects.create(session_id=session.id, app="ideaboard")
    claimed = lifecycle.claim(run.id)
    assert claimed is not None and claimed.model == "steward-demo (offline)"
    assert Run.objects.get(pk=run.pk).model == "steward-demo (offline)"
