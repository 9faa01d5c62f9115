"""Database calls of the live machinery from async code.

Channels' ``database_sync_to_async`` closes the connection after every call when
CONN_MAX_AGE is 0 (the ASGI default here), so each connect, tail check or catch-up read
would pay a new PostgreSQL connection, and they would all queue on the one thread-sensitive
thread. Live calls instead run on a small pool of their own threads that keep their
connections (one each, for the life of the process); a broken connection is dropped and
the call retried once.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from asgiref.sync import sync_to_async
from django.db import InterfaceError, OperationalError, connection

T = TypeVar("T")

THREADS = 4
_executor = ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="steward-live-db")


def _call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    try:
        return fn(*args, **kwargs)
    except (InterfaceError, OperationalError):
        if connection.in_atomic_block:
            raise
        connection.close()
        return fn(*args, **kwargs)


async def live_db(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``fn(*args, **kwargs)`` (sync, database) from async code on a live thread."""
    return await sync_to_async(_call, thread_sensitive=False, executor=_executor)(
        fn, *args, **kwargs
    )


def close_connections(timeout: float = 5.0) -> None:
    """Close every live thread's database connection (tests, before dropping a database)."""
    import contextlib
    import threading

    from django.db import connections

    barrier = threading.Barrier(THREADS, timeout=timeout)

    def close() -> None:
        connections.close_all()
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()  # hold this thread so each task lands on a different one

    futures = [_executor.submit(close) for _ in range(THREADS)]
    for future in futures:
        future.result(timeout=timeout + 1)
