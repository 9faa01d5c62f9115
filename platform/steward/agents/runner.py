"""Where runs execute: a Celery worker (production) or threads of this process (embedded).

``settings.STEWARD_RUNNER`` picks; both call the same ``loop.execute(run_id)``. The
in-process runner is a small thread pool started on first use, together with a reaper
thread (see reaper.py) so runs left by a crashed process never stay "running".
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections, connection, transaction

from steward.agents.models import ACTIVE_STATES, Run, RunState

logger = logging.getLogger(__name__)

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def execute_in_thread(run_id: str, *, keep_connection: bool = False) -> None:
    """``execute`` on a thread that is not a request's.

    A run is a unit of work like a request: afterwards, pool threads keep their database
    connection only as CONN_MAX_AGE allows (as Django does per request); short-lived
    threads (sub-agents) always close theirs.
    """
    from steward.agents.loop import execute

    close_old_connections()
    try:
        execute(run_id)
    except Exception:
        logger.exception("Run %s crashed its runner thread", run_id)
    finally:
        if keep_connection:
            close_old_connections()
        else:
            connection.close()


def _pooled(run_id: str) -> None:
    execute_in_thread(run_id, keep_connection=True)


def _in_process_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                max_workers=settings.STEWARD_RUNNER_THREADS, thread_name_prefix="steward-run"
            )
            from steward.agents.reaper import start_reaper_thread

            start_reaper_thread()
        return _pool


def shutdown_in_process_runner() -> None:
    """Stop the in-process pool after closing each of its threads' database connections.

    For tests and benchmarks that drop their database afterwards.
    """
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is None:
        return
    count = len(getattr(pool, "_threads", ()))
    barrier = threading.Barrier(count) if count else None

    def close() -> None:
        connection.close()
        if barrier is not None:
            barrier.wait(timeout=10)  # one close per thread: each waits for the others

    for _ in range(count):
        pool.submit(close)
    pool.shutdown(wait=True)


def submit(run_id: str) -> bool:
    """Hand ``run_id`` to the configured runner (call after the run's row has committed).

    Never raises for an unreachable broker: the run stays queued and the reaper hands it
    over again once the broker is back (reaper.redispatch_lost_runs); the caller, often an
    on_commit hook of a request that already wrote its answer, has nothing to undo.
    Returns whether the runner took it."""
    if settings.STEWARD_RUNNER == "celery":
        from steward.agents.tasks import execute_run

        try:
            execute_run.apply_async(args=(run_id,), queue=settings.CELERY_TASK_DEFAULT_QUEUE)
        except Exception as exc:  # kombu's OperationalError, a refused or reset connection
            logger.warning(
                "Run %s stays queued: the broker did not take it (%s). The run reaper "
                "hands it over again once the broker is back.",
                run_id,
                exc,
            )
            return False
    else:
        _in_process_pool().submit(_pooled, run_id)
    return True


def dispatch_next(session_id: str) -> None:
    """Start the session's oldest queued main run unless one is already active.

    The session's policy for a message that arrives during a run: it is queued as the
    next turn and starts when the active run reaches a final state. A run parked awaiting
    approval still holds the session (its answer comes first); a stop cancels it and
    every queued turn.
    """
    turns = list(
        Run.objects.filter(
            session_id=session_id,
            parent__isnull=True,
            state__in=ACTIVE_STATES,
        )
        .order_by("created")
        .values_list("pk", "state")
    )
    if not turns or any(state != RunState.QUEUED for _, state in turns):
        return
    nxt = turns[0][0]
    transaction.on_commit(lambda: submit(nxt))
