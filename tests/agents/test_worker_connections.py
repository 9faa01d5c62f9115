"""A Celery worker keeps its database connection from one run to the next (CONN_MAX_AGE)."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings

from tests.agents.conftest import finished, say
from tests.support.celery_worker import celery_worker, unique_queue
from tests.support.openai_standin import OpenAIStandIn, Reply
from tests.support.servers import subprocess_env


def _settled(name: str, most: int) -> set[int]:
    """The worker's backends once its run's thread is done (it ends its turn just after the
    run's final state commits): at most ``most`` of them, waiting up to 5 s."""
    deadline = time.monotonic() + 5
    backends = _backends(name)
    while len(backends) > most and time.monotonic() < deadline:
        time.sleep(0.05)
        backends = _backends(name)
    return backends


def _backends(name: str) -> set[int]:
    """The PostgreSQL backends of the processes started with ``PGAPPNAME=name``."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [name])
        return {pid for (pid,) in cursor.fetchall()}


@pytest.mark.production
@pytest.mark.parametrize(("max_age", "kept"), [("60", True), ("0", False)])
def test_a_worker_runs_turn_after_turn_on_the_same_database_connection(
    model: OpenAIStandIn, session: Any, alice: Any, tmp_path: Path, max_age: str, kept: bool
) -> None:
    name = f"steward-test-{uuid.uuid4().hex[:8]}"  # libpq names the worker's connections
    queue = unique_queue()
    env = subprocess_env(
        STEWARD_CELERY_QUEUE=queue,
        PGAPPNAME=name,
        CONN_MAX_AGE=max_age,
        OPENAI_BASE_URL=model.base_url,
        OPENAI_API_KEY="test-key",
        STEWARD_MODEL="standin-1",
        STEWARD_MODEL_MAX_RETRIES="0",
        STEWARD_RUN_STALE_SECONDS="600",  # the reaper (its own connection) passes only at start
    )
    model.default = Reply.say("Answered.")
    seen = []
    with (
        override_settings(STEWARD_RUNNER="celery", CELERY_TASK_DEFAULT_QUEUE=queue),
        celery_worker(tmp_path / "worker.log", env),
    ):
        for n in range(4):
            run = finished(say(session.id, f"question {n}", alice).id, timeout=30)
            assert run.state == "completed", run.error
            if n:  # after the first, once the worker's start-up (and first reaping) is done
                seen.append(_settled(name, most=1 if kept else 0))

    if kept:  # one backend throughout: the run's thread neither opened nor closed one
        assert len(seen[0]) == 1 and seen[0] == seen[1] == seen[2]
    else:  # each run's connection is closed when the run ends
        assert seen == [set(), set(), set()]
