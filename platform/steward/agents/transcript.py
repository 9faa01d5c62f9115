"""What a run writes into its session: attributed events, with text deltas coalesced.

The first delta of a run goes out at once (time to first token); later deltas are
batched until 50 ms have passed since the last flush, so a fast model writes at most
about 20 ``run.delta`` events a second per run while readers still see smooth text.
Every flush also stores the text so far on the Run, so a killed worker's partial output
survives with it.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.utils import timezone

from steward.agents.durability import streaming_commit
from steward.agents.exceptions import RunLost
from steward.agents.models import Run, RunState
from steward.live.models import Event
from steward.live.services import append

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
        self.new_message()

    def new_message(self) -> None:
        """Start a new assistant message (one per model call that streams text)."""
        self.flush()
        self.message = f"m_{secrets.token_hex(6)}"
        self._paragraph = bool(self.text)

    def event(self, type: str, data: dict[str, Any], *, fenced: bool = True) -> Event:
        """Append one event after any buffered text, so the log keeps the true order.

        ``fenced``: only while the run is still running (see ``_still_running``).
        """
        self.flush()
        fields: dict[str, Any] = {
            "session_id": self.run.session_id,
            "type": type,
            "data": data,
            "by": self.by,
            "run": self.run.id,
            "agent": self.run.agent,
        }
        if not fenced:  # one statement, committed without waiting for the disk
            return append(**fields, streaming=True)
        with streaming_commit():
            self._still_running()
            return append(**fields)

    def _still_running(self, **fields: Any) -> None:
        """The writer's fence: a run the reaper (or a stop) has ended gets no more events.

        The guarded UPDATE runs in the append's transaction and locks the run's row, so a
        zombie worker's write either lands before the run ended or not at all.
        """
        alive = Run.objects.filter(pk=self.run.pk, state=RunState.RUNNING).update(
            heartbeat=timezone.now(), **fields
        )
        if not alive:
            raise RunLost()

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
        with streaming_commit():
            self._still_running(output=self.text)
            append(
                session_id=self.run.session_id,
                type="run.delta",
                data={"message": self.message, "text": text},
                by=self.by,
                run=self.run.id,
                agent=self.run.agent,
            )
        self._last_flush = time.monotonic()
        if self.first_token_at is None:
            self.first_token_at = time.time()
