"""What a run writes into its session: attributed events, with text deltas coalesced.

The first delta of a run goes out at once (time to first token); later deltas are
batched until 50 ms have passed since the last flush, so a fast model writes at most
about 20 ``run.delta`` events a second per run while readers still see smooth text.
Every flush also stores the text so far on the Run, so a killed worker's partial output
survives with it. ``run.started`` is a *lead*: it goes out in the same statement as the
run's first write (usually its first delta), or on its own once the model has been silent
for a moment (``flush_lead``), so it never costs the first token a round trip.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.db import connection
from django.utils import timezone

from steward.agents.exceptions import RunLost
from steward.agents.models import Run, RunState
from steward.live.exceptions import GuardFailed
from steward.live.models import Event, session_stream
from steward.live.services import Guard, NewEvent, append_events

COALESCE_SECONDS = 0.05


class Transcript:
    """The event writer of one run."""

    def __init__(self, run: Run, *, output: str = "") -> None:
        self.run = run
        self.by = f"agent:{run.agent}"
        self.text = output
        self.message = ""
        self.first_token_at: float | None = None
        self._buffer = ""
        self._last_flush = 0.0
        self._paragraph = False
        self._lead: NewEvent | None = None
        self.new_message()

    def new_message(self) -> None:
        """Start a new assistant message (one per model call that streams text)."""
        self.flush()
        self.message = f"m_{secrets.token_hex(6)}"
        self._paragraph = bool(self.text)

    def event(self, type: str, data: dict[str, Any], *, fenced: bool = True) -> Event:
        """Append one event after any buffered text, so the log keeps the true order.

        ``fenced``: only while the run is still running (see ``_fence``).
        """
        self.flush()
        return self._append(type, data, fence=self._fence() if fenced else None)

    def lead(self, type: str, data: dict[str, Any]) -> None:
        """Write this event just before the next one, in the same statement."""
        self._lead = self._new(type, data)

    def flush_lead(self) -> None:
        """Write the lead event now, on its own (the model is slow to start)."""
        if self._lead is not None:
            self._write([], fence=self._fence())

    def _append(self, type: str, data: dict[str, Any], *, fence: Guard | None) -> Event:
        return self._write([self._new(type, data)], fence=fence)[-1]

    def _new(self, type: str, data: dict[str, Any]) -> NewEvent:
        return NewEvent(type=type, data=data, by=self.by, run=self.run.id, agent=self.run.agent)

    def _write(self, events: list[NewEvent], *, fence: Guard | None) -> list[Event]:
        """One statement, committed without waiting for the disk (see durability.py)."""
        if self._lead is not None:
            events = [self._lead, *events]
        try:
            written = append_events(
                session_stream(self.run.session_id), events, streaming=True, guard=fence
            )
        except GuardFailed:
            raise RunLost() from None
        self._lead = None
        return written

    def _fence(self, **fields: Any) -> Guard:
        """The writer's fence: a run the reaper (or a stop) has ended gets no more events.

        It runs inside the append's statement (or transaction) and locks the run's row, so
        a zombie worker's write either lands before the run ended or not at all. It also
        beats the run's heartbeat and stores ``fields`` (the output so far).
        """
        ops = connection.ops
        values = {"heartbeat": ops.adapt_datetimefield_value(timezone.now()), **fields}
        sets = ", ".join(f"{ops.quote_name(name)} = %s" for name in values)
        return Guard(
            f"UPDATE {ops.quote_name(Run._meta.db_table)} SET {sets} "
            f"WHERE {ops.quote_name('id')} = %s AND {ops.quote_name('state')} = %s RETURNING 1",
            (*values.values(), self.run.id, RunState.RUNNING.value),
        )

    def delta(self, text: str) -> None:
        if not text:
            return
        if self._paragraph:
            self.text += "\n\n"  # in the run's output, a later message starts a paragraph
            self._paragraph = False
        self._buffer += text
        self.text += text
        if time.monotonic() - self._last_flush >= COALESCE_SECONDS:
            self.flush()

    def flush_if_due(self) -> None:
        if self._buffer and time.monotonic() - self._last_flush >= COALESCE_SECONDS:
            self.flush()

    def flush(self) -> None:
        if not self._buffer:
            return
        text, self._buffer = self._buffer, ""
        data = {"message": self.message, "text": text}
        self._append("run.delta", data, fence=self._fence(output=self.text))
        self._last_flush = time.monotonic()
        if self.first_token_at is None:
            self.first_token_at = time.time()
