"""The durable log: sessions, streams (one counter row each) and their ordered events.

A *stream* is any ordered log: a session's (``session:s_…``) or an app's live feed
(``app:<name>``). Its row holds ``last_seq``; an append increments it under the row lock
(``UPDATE … SET last_seq = last_seq + 1``), which serialises concurrent writers per stream
and gives seq 1, 2, 3 … with no gaps or duplicates. The unique (stream, seq) constraint is
the database's own proof of that.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models


def new_session_id() -> str:
    return f"s_{secrets.token_hex(8)}"


def session_stream(session_id: str) -> str:
    return f"session:{session_id}"


def app_stream(app: str) -> str:
    return f"app:{app}"


class Stream(models.Model):
    """One ordered log and its counter."""

    key = models.CharField(max_length=96, primary_key=True)
    last_seq = models.BigIntegerField(default=0)
    # The last Durable Streams ``Stream-Seq`` an HTTP writer sent (scope: the stream).
    writer_seq = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.key} @ {self.last_seq}"


class Session(models.Model):
    """A durable session: a shared, ordered conversation between people and agents of one app."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    id = models.CharField(max_length=40, primary_key=True, default=new_session_id, editable=False)
    app = models.CharField(max_length=64, db_index=True)
    title = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_sessions",
    )
    created = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.id} ({self.app}: {self.title})"

    @property
    def stream_key(self) -> str:
        return session_stream(self.id)


class Event(models.Model):
    """One entry of a stream's log; ``to_dict()`` is the wire envelope of DESIGN.md."""

    # No index of its own: the unique (stream, seq) index below serves lookups by stream.
    stream = models.ForeignKey(
        Stream, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    seq = models.BigIntegerField()
    type = models.CharField(max_length=64)
    ts = models.DateTimeField()
    by = models.CharField(max_length=128, blank=True)
    run = models.CharField(max_length=40, blank=True)
    agent = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stream", "seq"], name="live_event_one_seq_per_stream")
        ]
        ordering = ["stream", "seq"]
        # On PostgreSQL, migration 0004 also indexes (stream, data->>'message')
        # (live_event_message): a far-behind resume finds a message's earlier deltas there
        # instead of reading the log from its start (steward.live.backlog).

    def __str__(self) -> str:
        return f"{self.stream_id}#{self.seq} {self.type}"

    def to_dict(self) -> dict[str, Any]:
        return envelope(
            seq=self.seq,
            type=self.type,
            ts=self.ts,
            by=self.by,
            run=self.run,
            agent=self.agent,
            data=self.data,
        )


def envelope(
    *, seq: int, type: str, ts: Any, by: str, run: str, agent: str, data: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {"seq": seq, "type": type, "ts": format_ts(ts), "by": by}
    if run:
        out["run"] = run
    if agent:
        out["agent"] = agent
    out["data"] = data
    return out


def format_ts(ts: Any) -> str:
    text = ts.isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z") if isinstance(text, str) else str(ts)


class Producer(models.Model):
    """Idempotent-producer state of an HTTP writer (Durable Streams ``Producer-*`` headers)."""

    stream = models.ForeignKey(Stream, on_delete=models.CASCADE, related_name="producers")
    producer_id = models.CharField(max_length=200)
    epoch = models.BigIntegerField(default=0)
    last_seq = models.BigIntegerField(default=-1)
    last_offset = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stream", "producer_id"], name="live_one_producer_row")
        ]

    def __str__(self) -> str:
        return f"{self.stream_id} · {self.producer_id} e{self.epoch} s{self.last_seq}"


class Presence(models.Model):
    """One open socket of a session: who is here now (current state, never the log).

    A row lives from join to leave; ``seen`` is refreshed by its process (live.presence), so
    the rows of a killed process stop counting once they are stale.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="presences")
    who = models.CharField(max_length=200)
    process = models.CharField(max_length=80, db_index=True)
    seen = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["session", "seen"], name="live_presence_session_seen")]

    def __str__(self) -> str:
        return f"{self.who} in {self.session_id}"
