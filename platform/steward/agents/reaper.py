"""No run stays "running" forever: runs whose worker stopped beating become ``interrupted``.

A live run's worker updates ``Run.heartbeat`` at least every
``STEWARD_RUN_HEARTBEAT_SECONDS``. A running run whose heartbeat is older than
``STEWARD_RUN_STALE_SECONDS`` lost its worker (SIGKILL, OOM, a crashed host): the reaper
marks it interrupted, keeping the partial output stored with the last flushed delta, and
appends ``run.interrupted``. Every Celery worker reaps at start and periodically, and so
does the process that runs the in-process runner; running it twice is harmless (each
transition is a guarded update).
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from steward.agents import lifecycle
from steward.agents.models import Run, RunState

logger = logging.getLogger(__name__)

_started = threading.Event()


def reap_stale_runs() -> list[str]:
    """Mark every stale running run interrupted; returns their ids."""
    limit = timezone.now() - timedelta(seconds=settings.STEWARD_RUN_STALE_SECONDS)
    stale = list(
        Run.objects.filter(state=RunState.RUNNING, heartbeat__lt=limit).values_list("pk", flat=True)
    )
    reaped = []
    for run_id in stale:
        reason = (
            "The worker running this run stopped responding (no heartbeat for "
            f"{settings.STEWARD_RUN_STALE_SECONDS} s); the partial output is kept. "
            "Say something to start a new run."
        )
        if lifecycle.interrupt(run_id, reason=reason):
            reaped.append(run_id)
    if reaped:
        logger.warning("Interrupted %d stale run(s): %s", len(reaped), ", ".join(reaped))
        from steward.agents.runner import dispatch_next

        for session_id in set(
            Run.objects.filter(pk__in=reaped).values_list("session_id", flat=True)
        ):
            dispatch_next(session_id)
    return reaped


def reap_interval() -> float:
    return max(1.0, settings.STEWARD_RUN_STALE_SECONDS / 3)


def start_reaper_thread() -> None:
    """Reap now and then every third of the stale limit, on a daemon thread (once per process)."""
    if _started.is_set():
        return
    _started.set()

    def loop() -> None:
        stop = threading.Event()
        failures = 0
        while not stop.is_set():
            try:
                close_old_connections()
                reap_stale_runs()
                failures = 0
            except Exception as exc:  # e.g. the database is away for a moment
                failures += 1
                level = logging.WARNING if failures == 1 else logging.DEBUG
                logger.log(level, "The run reaper failed (%s); it will try again", exc)
            finally:
                connection.close()
            stop.wait(reap_interval())

    threading.Thread(target=loop, name="steward-run-reaper", daemon=True).start()
