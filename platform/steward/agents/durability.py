"""Commit a run's streaming writes without waiting for the disk (PostgreSQL only).

A run commits often: its claim, ``run.started``, each coalesced ``run.delta``, tool-call
events. Waiting for the WAL flush costs ~4 ms per commit on an ordinary disk, several times
the rest of a run's start. These commits use ``synchronous_commit = off``: a transaction
through ``streaming_commit`` below, a run's events as single statements that set it for
themselves (``append(streaming=True)``, fenced by a guard; see transcript.py). They are
visible to every reader at once and keep their order, and PostgreSQL never loses a later
commit while keeping an earlier one, so the log stays gap-free. Only a crash of the
*database server* can drop the last fraction of a second of them — the run is then
interrupted anyway (a run just queued keeps its message in the log, to be said again).
Final states (completed, failed, cancelled, interrupted) and every Safe Action's change
and audit row commit synchronously as usual.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def streaming_commit() -> Iterator[None]:
    with transaction.atomic():
        if connection.vendor == "postgresql" and not _inside_outer_transaction():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def _inside_outer_transaction() -> bool:
    # Only the outermost block decides how its commit is flushed; a nested block must not
    # weaken the durability of a transaction someone else opened.
    return len(connection.savepoint_ids) > 0
