"""Database calls of the live machinery from async code.

Channels' ``database_sync_to_async`` closes the connection after every call when
CONN_MAX_AGE is 0 (the ASGI default here), so each tail check or catch-up read would pay a
new PostgreSQL connection. Live reads instead run on the one thread-sensitive thread and
keep its connection; a broken connection is dropped and the call retried once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from asgiref.sync import sync_to_async
from django.db import InterfaceError, OperationalError, connection

T = TypeVar("T")


def _call(fn: Callable[..., T], *args: Any) -> T:
    try:
        return fn(*args)
    except (InterfaceError, OperationalError):
        if connection.in_atomic_block:
            raise
        connection.close()
        return fn(*args)


async def live_db(fn: Callable[..., T], *args: Any) -> T:
    """Run ``fn(*args)`` (sync, database) from async code, keeping the connection."""
    return await sync_to_async(_call, thread_sensitive=True)(fn, *args)
