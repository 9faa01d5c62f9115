"""The writer's side of live control: notice ``control.stop`` / ``control.steer`` quickly.

A run calls ``watcher.poll()`` between model chunks. Polls hit the log at most every
``min_interval`` seconds (an indexed range query), so calling it per chunk stays cheap,
and a stop reaches the writer within about that interval plus one commit.
"""

from __future__ import annotations

import time

from steward.live.models import Event, session_stream
from steward.live.services import tail

CONTROL_TYPES = ("control.stop", "control.steer")


class ControlWatcher:
    """New control events of one session (optionally aimed at one run), since ``after_seq``."""

    def __init__(
        self,
        session_id: str,
        run_id: str | None = None,
        after_seq: int | None = None,
        *,
        min_interval: float = 0.02,
    ) -> None:
        self.session_id = session_id
        self.run_id = run_id
        self.key = session_stream(session_id)
        self.min_interval = min_interval
        self._next_check = 0.0
        if after_seq is None:  # from now on: reading the tail counts as this interval's poll
            after_seq = tail(self.key)
            self._next_check = time.monotonic() + min_interval
        self.last_seq = after_seq
        self.stopped_by: Event | None = None

    def poll(self) -> list[Event]:
        """Control events appended since the last poll (non-blocking; may return [])."""
        now = time.monotonic()
        if now < self._next_check:
            return []
        self._next_check = now + self.min_interval
        rows = list(
            Event.objects.filter(
                stream_id=self.key, seq__gt=self.last_seq, type__in=CONTROL_TYPES
            ).order_by("seq")
        )
        if not rows:
            return []
        self.last_seq = rows[-1].seq
        mine = [e for e in rows if self._aimed_at_me(e)]
        for event in mine:
            if event.type == "control.stop" and self.stopped_by is None:
                self.stopped_by = event
        return mine

    def wait(self, timeout: float) -> list[Event]:
        """Block up to ``timeout`` seconds for control events."""
        deadline = time.monotonic() + timeout
        while True:
            events = self.poll()
            if events:
                return events
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            time.sleep(min(self.min_interval, remaining))

    @property
    def stop_requested(self) -> bool:
        return self.stopped_by is not None

    def _aimed_at_me(self, event: Event) -> bool:
        target = event.data.get("run") if isinstance(event.data, dict) else None
        return not target or self.run_id is None or target == self.run_id
