"""Celery tasks of agent runs (``celery -A steward worker``). Tasks take ids, never objects."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from celery.signals import worker_ready


@shared_task(name="steward.agents.execute_run", acks_late=True, ignore_result=True)
def execute_run(run_id: str) -> None:
    """Execute one run; a run no longer queued (done, or already taken) is skipped.

    Like the in-process runner: the thread's database connection is kept as CONN_MAX_AGE
    allows (workers should set it, see deploy/.env.example) and health-checked."""
    from steward.agents.runner import execute_in_thread

    execute_in_thread(run_id, keep_connection=True)


@worker_ready.connect
def _reap_on_worker_start(**_: Any) -> None:
    # The worker that replaces a killed one reaps its stale runs at once, then periodically.
    from steward.agents.reaper import start_reaper_thread

    start_reaper_thread()
