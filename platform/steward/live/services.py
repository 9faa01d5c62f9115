"""The state changes of the durable log: create a session, append events.

Every append joins the caller's transaction (so an ``app.changed`` commits with the change
it describes, or not at all) and publishes its wake-up only on commit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from steward.audit.services import record
from steward.live import wakeups
from steward.live.exceptions import GuardFailed, InvalidEvent, UnknownSession, UnknownStream
from steward.live.models import Event, Session, Stream, app_stream, envelope, session_stream
from steward.metrics.definitions import live_events_appended

MAX_TYPE_LENGTH = 64


@dataclass(frozen=True)
class NewEvent:
    """An event before the log gives it a seq and a time."""

    type: str
    data: Any = field(default_factory=dict)
    by: str = ""
    run: str = ""
    agent: str = ""

    def __post_init__(self) -> None:
        if not self.type or len(self.type) > MAX_TYPE_LENGTH or "." not in self.type:
            raise InvalidEvent(
                f"Event type {self.type!r} is not valid: use a namespaced name such as "
                f"'run.delta' (at most {MAX_TYPE_LENGTH} characters)."
            )


@dataclass(frozen=True)
class Guard:
    """A statement that must return a row for an append to happen, run with the append (in
    its one statement on PostgreSQL, in its transaction elsewhere): a writer's fence such as
    ``UPDATE agents_run SET heartbeat = %s WHERE id = %s AND state = 'running' RETURNING 1``,
    which also holds that row's lock until the append commits. Parameters use ``%s``."""

    sql: str
    params: tuple[Any, ...] = ()


def create_session(*, app: str, title: str, created_by: Any, by: str | None = None) -> Session:
    """Open a new session of ``app`` with an empty log, audited as ``session.create`` by
    ``by`` (an actor's label; the creator's when omitted)."""
    with transaction.atomic():
        user = created_by if getattr(created_by, "pk", None) else None
        session = Session.objects.create(app=app, title=title[:200], created_by=user)
        Stream.objects.create(key=session.stream_key)
        record(
            actor_label=by or (f"user:{user.get_username()}" if user else "platform"),
            user=user,
            app=app,
            action="session.create",
            args={"title": session.title},
            session_id=session.id,
            status="ok",
        )
    return session


def append(
    *,
    session_id: str,
    type: str,
    data: Any,
    by: str,
    run: str | None = None,
    agent: str | None = None,
    streaming: bool = False,
    guard: Guard | None = None,
) -> Event:
    """Append one event to a session's log; returns it with its seq.

    ``streaming``: outside a transaction, commit without waiting for the disk (PostgreSQL's
    ``synchronous_commit = off`` for this statement alone; see steward.agents.durability).
    Inside a transaction the flag is ignored: the transaction decides.
    ``guard``: append only if it returns a row; otherwise raise GuardFailed, writing nothing.
    """
    event = NewEvent(type=type, data=data, by=by, run=run or "", agent=agent or "")
    key = session_stream(session_id)
    try:
        return append_events(key, [event], streaming=streaming, guard=guard)[0]
    except UnknownStream:
        raise UnknownSession(session_id) from None


def append_app_event(*, app: str, type: str, data: Any, by: str) -> Event:
    """Append one event to an app's live feed (created on first use)."""
    return append_events(app_stream(app), [NewEvent(type=type, data=data, by=by)], create=True)[0]


def append_events(
    key: str,
    events: list[NewEvent],
    *,
    create: bool = False,
    streaming: bool = False,
    guard: Guard | None = None,
) -> list[Event]:
    """Append ``events`` to stream ``key`` in order, atomically, with consecutive seqs."""
    if not events:
        return []
    now = timezone.now()
    streaming = streaming and not connection.in_atomic_block
    written = _write(key, events, now, streaming, guard)
    if written is None:
        if guard is not None and Stream.objects.filter(key=key).exists():
            raise GuardFailed(f"The append to {key} was refused by its guard.")
        if not create:
            raise UnknownStream(key)
        _create_stream(key)
        written = _write(key, events, now, streaming, guard)
        assert written is not None
    rows = []
    for (pk, seq), e in zip(written, events, strict=True):
        row = Event(id=pk, stream_id=key, seq=seq, ts=now, **_fields(e))
        row._state.adding = False
        row._state.db = connection.alias
        rows.append(row)
    payload = [row.to_dict() for row in rows]
    transaction.on_commit(lambda: _committed(key, payload), robust=True)
    return rows


def _committed(key: str, payload: list[dict[str, Any]]) -> None:
    live_events_appended.inc(len(payload))
    wakeups.publish(key, payload)


def _fields(e: NewEvent) -> dict[str, Any]:
    return {"type": e.type, "by": e.by, "run": e.run, "agent": e.agent, "data": e.data}


def _write(
    key: str, events: list[NewEvent], now: Any, streaming: bool, guard: Guard | None
) -> list[tuple[int, int]] | None:
    """Advance the stream's counter and insert ``events``: (id, seq) of each, or None when
    the stream does not exist or the guard returned nothing. The counter's UPDATE takes the
    stream row's lock until commit: concurrent writers queue there, so seqs are consecutive
    and commit in order."""
    if connection.vendor == "postgresql":
        return _write_one_statement(key, events, now, streaming, guard)
    with transaction.atomic():
        if guard is not None:
            with connection.cursor() as cursor:
                cursor.execute(guard.sql, guard.params)
                if cursor.fetchone() is None:
                    return None
        last = _advance(key, len(events))
        if last is None:
            return None
        first = last - len(events) + 1
        rows = Event.objects.bulk_create(
            Event(stream_id=key, seq=first + i, ts=now, **_fields(e)) for i, e in enumerate(events)
        )
    return [(row.pk, row.seq) for row in rows]


def _write_one_statement(
    key: str, events: list[NewEvent], now: Any, streaming: bool, guard: Guard | None
) -> list[tuple[int, int]] | None:
    """PostgreSQL: counter and rows in one statement, so an append outside a transaction is
    one round trip (and atomic on its own); inside one, it simply joins it. The statement is
    bound server-side and prepared once per connection (DATABASE_PREPARED_STATEMENTS), which
    halves the server's work per append; Django's own queries are left as they are.
    ``streaming`` (only ever outside a transaction) sets ``synchronous_commit`` off locally,
    which for a single statement means: for this statement's own commit. A ``guard`` runs
    as the statement's first CTE; the counter moves only when it returned a row."""
    import psycopg

    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(events))
    params: list[Any] = [*(guard.params if guard else ()), len(events), key]
    params += [key, len(events), now]
    for i, e in enumerate(events, start=1):
        params += [i, e.type, e.by, e.run, e.agent, json.dumps(e.data)]
    sql = (
        (f"WITH g AS ({guard.sql}), " if guard else "WITH ")
        + f"s AS (UPDATE {Stream._meta.db_table} SET last_seq = last_seq + %s "
        + "WHERE key = %s"
        + (" AND EXISTS (SELECT FROM g)" if guard else "")
        + " RETURNING last_seq"
        + (", set_config('synchronous_commit', 'off', true)" if streaming else "")
        + ") "
        f"INSERT INTO {Event._meta.db_table} "
        '(stream_id, seq, type, ts, "by", run, agent, data) '
        "SELECT %s, s.last_seq - %s + v.i, v.type, %s, v.by, v.run, v.agent, v.data::jsonb "
        f"FROM s CROSS JOIN (VALUES {values}) AS v(i, type, by, run, agent, data) "
        "ORDER BY v.i RETURNING id, seq"
    )
    with connection.cursor() as django_cursor:  # connects and health-checks as usual
        connection.validate_no_broken_transaction()
        with connection.wrap_database_errors, psycopg.Cursor(django_cursor.connection) as cursor:
            cursor.execute(sql, params, prepare=len(events) <= 2)  # a run's lead + delta
            written = cursor.fetchall()
    return sorted(written, key=lambda r: r[1]) if written else None


def _advance(key: str, count: int) -> int | None:
    """Add ``count`` to the stream's counter and return the new last seq (one round trip;
    PostgreSQL and SQLite >= 3.35 both support RETURNING)."""
    table = Stream._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_seq = last_seq + %s WHERE key = %s RETURNING last_seq",
            [count, key],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _create_stream(key: str) -> None:
    try:
        with transaction.atomic():
            Stream.objects.get_or_create(key=key)
    except IntegrityError:
        pass  # a concurrent writer created it first


def tail(key: str) -> int:
    """The stream's last seq (0 when empty or unknown)."""
    return Stream.objects.filter(key=key).values_list("last_seq", flat=True).first() or 0


ENVELOPE_FIELDS = ("seq", "type", "ts", "by", "run", "agent", "data")


def read_dicts(key: str, after: int, limit: int = 1000) -> list[dict[str, Any]]:
    """Envelopes of stream ``key`` after seq ``after``, oldest first, without model objects
    (the live read path: tail checks, catch-up and HTTP reads)."""
    rows = (
        Event.objects.filter(stream_id=key, seq__gt=after)
        .order_by("seq")
        .values_list(*ENVELOPE_FIELDS)[:limit]
    )
    return [envelope(**dict(zip(ENVELOPE_FIELDS, row, strict=True))) for row in rows]


def read(key: str, *, after: int, limit: int = 1000, upto: int | None = None) -> list[Event]:
    """Events of stream ``key`` with seq > ``after`` (and <= ``upto``), oldest first."""
    qs = Event.objects.filter(stream_id=key, seq__gt=after)
    if upto is not None:
        qs = qs.filter(seq__lte=upto)
    return list(qs.order_by("seq")[:limit])
