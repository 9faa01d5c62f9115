"""A Celery worker killed mid-run (SIGKILL) leaves the run interrupted, never "running"."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from tests.agents.conftest import finished, say, transcript
from tests.support.celery_worker import celery_worker, unique_queue
from tests.support.openai_standin import OpenAIStandIn, Reply
from tests.support.servers import subprocess_env

LONG = " ".join(f"word{i}" for i in range(2000))


@pytest.mark.production
def test_a_killed_worker_leaves_the_run_interrupted_with_its_partial_output(
    model: OpenAIStandIn, session: Any, alice: Any, tmp_path: Path
) -> None:
    from steward.agents.models import Run

    queue = unique_queue()
    env = subprocess_env(
        STEWARD_CELERY_QUEUE=queue,
        STEWARD_RUNNER="celery",
        STEWARD_RUN_HEARTBEAT_SECONDS="1",
        STEWARD_RUN_STALE_SECONDS="3",
        OPENAI_BASE_URL=model.base_url,
        OPENAI_API_KEY="test-key",
        STEWARD_MODEL="standin-1",
        STEWARD_MODEL_MAX_RETRIES="0",
    )
    model.script(Reply.say(LONG, delay=0.02))
    with (
        override_settings(STEWARD_RUNNER="celery", CELERY_TASK_DEFAULT_QUEUE=queue),
        celery_worker(tmp_path / "worker1.log", env) as first,
    ):
        run = say(session.id, "write a lot", alice)
        deadline = time.monotonic() + 30
        while Run.objects.get(pk=run.pk).output.count("word") < 5:
            assert time.monotonic() < deadline, (tmp_path / "worker1.log").read_text()[-3000:]
            time.sleep(0.05)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = time.monotonic()
        assert Run.objects.get(pk=run.pk).state == "running"

        # A replacement worker reaps stale runs when it starts and then periodically.
        with celery_worker(tmp_path / "worker2.log", env):
            run = finished(run.id, timeout=30)
            took = time.monotonic() - killed_at
            # The session keeps working: the next message is answered through the worker.
            model.script(Reply.say("Back again."))
            again = finished(say(session.id, "are you there?", alice).id, timeout=30)
            assert again.state == "completed" and again.output == "Back again."

    assert run.state == "interrupted" and took < 20
    assert run.output.startswith("word0 word1") and "heartbeat" in run.error
    ends = [e for e in transcript(session.id) if e["type"] == "run.interrupted"]
    assert [e["run"] for e in ends] == [run.id] and ends[0]["data"]["partial"] == run.output


def test_the_reaper_interrupts_a_stale_run_and_starts_the_next_turn(
    model: OpenAIStandIn, session: Any, alice: Any, settings: Any
) -> None:
    """The same reaper in-process: a run whose heartbeat stopped, and a turn queued behind it."""
    from datetime import timedelta

    from django.utils import timezone

    from steward.agents.models import Run
    from steward.agents.reaper import reap_stale_runs

    old = timezone.now() - timedelta(seconds=settings.STEWARD_RUN_STALE_SECONDS + 1)
    stale = Run.objects.create(
        session_id=session.id, app="ideaboard", started_by="user:alice", state="running",
        heartbeat=old, output="half a sent", token_id="0",
    )  # fmt: skip
    model.script(Reply.say("Next turn."))
    nxt = say(session.id, "next", alice)
    assert Run.objects.get(pk=nxt.pk).state == "queued"

    assert reap_stale_runs() == [stale.id]
    stale.refresh_from_db()
    assert stale.state == "interrupted" and stale.output == "half a sent"
    assert finished(nxt.id).state == "completed"
    assert reap_stale_runs() == []


def test_a_worker_that_was_reaped_while_alive_stops_writing(
    model: OpenAIStandIn, session: Any, alice: Any, settings: Any
) -> None:
    """A zombie (reaped during a long pause) notices at its next heartbeat and goes quiet."""
    from steward.agents import lifecycle
    from steward.agents.models import Run

    settings.STEWARD_RUN_HEARTBEAT_SECONDS = 1
    model.script(Reply.say(LONG, delay=0.01))
    run = say(session.id, "write a lot", alice)
    deadline = time.monotonic() + 10
    while Run.objects.get(pk=run.pk).output.count("word") < 3:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert lifecycle.interrupt(run.id, reason="reaped for the test")
    deadline = time.monotonic() + 5
    while model.disconnects == 0:  # the zombie closed its model stream
        assert time.monotonic() < deadline, "the zombie kept streaming"
        time.sleep(0.05)
    time.sleep(0.2)
    run.refresh_from_db()
    assert run.state == "interrupted" and run.error == "reaped for the test"
    events = transcript(session.id)
    kinds = [e["type"] for e in events]
    assert "run.cancelled" not in kinds and "run.completed" not in kinds
    # The fence: nothing from the zombie after the run.interrupted event.
    assert kinds[-1] == "run.interrupted"
    assert run.output == "".join(e["data"]["text"] for e in events if e["type"] == "run.delta")
