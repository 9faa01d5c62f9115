"""No run stays "running" forever: runs whose worker stopped beating become ``interrupted``.

A live run's worker updates ``Run.heartbeat`` at least every
``STEWARD_RUN_HEARTBEAT_SECONDS``. A running run whose heartbeat is older than
``STEWARD_RUN_STALE_SECONDS`` lost its worker (SIGKILL, OOM, a crashed host): the reaper
marks it interrupted, keeping the partial output stored with the last flushed delta, and
appends ``run.interrupted``. Every Celery worker reaps at start and periodically, and so
does the process that runs the in-process runner; running it twice is harmless (each
transition is a guarded update).

No run stays "queued" forever either: a session's next turn that no worker took within
the stale limit was lost on its way to a worker (the broker was down when it was
submitted, or went down with the task in it), so the reaper hands it to the runner again.
For a queued run, ``heartbeat`` records when it was last handed over again, so that all
the processes' reapers together hand it over at most once per stale limit; the claim
(lifecycle.claim) lets only one of its tasks execute it.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import Exists, OuterRef, Q
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


def redispatch_lost_runs() -> list[str]:
    """Submit again each session's oldest queued turn that waited past the stale limit while
    no turn held the session, and each queued sub-agent that waited as long; returns their
    ids."""
    now = timezone.now()
    limit = now - timedelta(seconds=settings.STEWARD_RUN_STALE_SECONDS)
    waited = Q(heartbeat__lt=limit) | Q(heartbeat__isnull=True, created__lt=limit)
    turns = Run.objects.filter(session_id=OuterRef("session_id"), parent__isnull=True)
    holding = turns.filter(state__in=[RunState.RUNNING, RunState.AWAITING_APPROVAL])
    earlier = turns.filter(state=RunState.QUEUED, created__lt=OuterRef("created"))
    # A sub-agent (resumed after an approval) goes on at once, whatever its session does.
    next_turn = Q(parent__isnull=True) & ~Exists(holding) & ~Exists(earlier)
    lost = list(
        Run.objects.filter(waited, next_turn | Q(parent__isnull=False), state=RunState.QUEUED)
        .order_by("created")
        .values_list("pk", flat=True)
    )
    from steward.agents.runner import submit

    handed = []
    for run_id in lost:
        # The guarded stamp: another process's reaper that saw the same run hands it over
        # only after another stale limit has passed.
        stamped = Run.objects.filter(waited, pk=run_id, state=RunState.QUEUED).update(heartbeat=now)
        if stamped and submit(run_id):
            handed.append(run_id)
    if handed:
        logger.warning(
            "Handed %d queued run(s) that no worker took to the runner again: %s",
            len(handed),
            ", ".join(handed),
        )
    return handed


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
                redispatch_lost_runs()
                failures = 0
            except Exception as exc:  # e.g. the database is away for a moment
                failures += 1
                level = logging.WARNING if failures == 1 else logging.DEBUG
                logger.log(level, "The run reaper failed (%s); it will try again", exc)
            finally:
                connection.close()
            stop.wait(reap_interval())

    threading.Thread(target=loop, name="steward-run-reaper", daemon=True).start()
