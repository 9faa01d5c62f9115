"""Stop and steer, as one run sees them, plus the run's heartbeat.

Built on the live package's ControlWatcher (an indexed read of the session's control
events, throttled). A stop aimed at no run, at this run or at its parent stops it, so
stopping the main agent stops its sub-agents too. A steer aimed at no run goes to the
main agent; one aimed at a run goes to that run.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.utils import timezone

from steward.agents.exceptions import RunCancelled
from steward.agents.models import Run, RunState
from steward.live.control import ControlWatcher
from steward.live.models import Event


class RunControl:
    def __init__(self, run: Run, *, after_seq: int | None) -> None:
        self.run = run
        self.watcher = ControlWatcher(run.session_id, run_id=None, after_seq=after_seq)
        self.steers: list[Event] = []
        self.stopped_by: str | None = None
        self._beat_every = float(settings.STEWARD_RUN_HEARTBEAT_SECONDS)
        self._next_beat = time.monotonic() + self._beat_every

    @property
    def seq(self) -> int:
        return self.watcher.last_seq

    def poll(self) -> None:
        for event in self.watcher.poll():
            data = event.data if isinstance(event.data, dict) else {}
            target = data.get("run") or None
            if event.type == "control.stop":
                if target in (None, self.run.id, self.run.parent_id) and not self.stopped_by:
                    self.stopped_by = event.by or "someone"
            elif event.type == "control.steer":
                mine = target == self.run.id or (target is None and self.run.parent_id is None)
                if mine and data.get("text"):
                    self.steers.append(event)
        self.beat()

    def check(self) -> None:
        """Raise RunCancelled when a stop has arrived."""
        self.poll()
        if self.stopped_by:
            raise RunCancelled(self.stopped_by)

    def take_steers(self) -> list[Event]:
        steers, self.steers = self.steers, []
        return steers

    def beat(self) -> None:
        """Tell the reaper this run's worker is alive (at most every heartbeat interval)."""
        now = time.monotonic()
        if now < self._next_beat:
            return
        self._next_beat = now + self._beat_every
        alive = Run.objects.filter(pk=self.run.pk, state=RunState.RUNNING).update(
            heartbeat=timezone.now()
        )
        if not alive and not self.stopped_by:
            # The reaper (or a stop) already ended this run: this worker is a zombie and
            # must write nothing more. Its final transition is a no-op (guarded update).
            self.stopped_by = "the reaper (the run was no longer running)"
