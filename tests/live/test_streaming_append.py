"""Streaming appends on PostgreSQL: one statement, committed without waiting for the disk,
and never weakening a transaction that must be durable (rollback with the caller's
transaction: test_services.py)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from steward.live import services

pytestmark = [pytest.mark.production, pytest.mark.django_db(transaction=True)]


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return str(cursor.fetchone()[0])


def test_a_streaming_append_outside_a_transaction_is_asynchronous_for_itself_only(alice):
    session = services.create_session(app="ideaboard", title="t", created_by=alice)
    with connection.cursor() as cursor:
        # The statement's own setting, seen from inside it, is what its commit uses.
        cursor.execute(
            "SELECT current_setting('synchronous_commit'), "
            "set_config('synchronous_commit', 'off', true), current_setting('synchronous_commit')"
        )
        assert cursor.fetchone() == ("on", "off", "off")
    event = services.append(
        session_id=session.id, type="run.delta", data={"text": "a"}, by="a", streaming=True
    )
    assert event.seq == 1
    assert _synchronous_commit() == "on"  # the connection's later commits wait for the disk


def test_inside_a_transaction_the_flag_is_ignored_so_the_transaction_stays_durable(alice):
    session = services.create_session(app="ideaboard", title="t", created_by=alice)
    with transaction.atomic():
        services.append(session_id=session.id, type="app.x", data={}, by="a", streaming=True)
        assert _synchronous_commit() == "on"
    rows = services.read(session.stream_key, after=0)
    assert [(e.seq, e.type) for e in rows] == [(1, "app.x")]
