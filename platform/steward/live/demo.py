"""A synthetic run: what ``streamdemo`` and the tests use to stand in for an agent run.

It appends ``run.started``, ``events`` ``run.delta`` events paced at ``rate`` per second, and
``run.completed``; between deltas it polls a ControlWatcher and, on ``control.stop``, ends
at once with ``run.cancelled`` (keeping the partial text), naming who stopped it.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field

from steward.live import services
from steward.live.control import ControlWatcher

AGENT = "demo"
BY = "agent:demo"


def delta_text(i: int) -> str:
    return f"w{i} "


def full_text(events: int) -> str:
    return "".join(delta_text(i) for i in range(events))


@dataclass
class DemoResult:
    run: str
    message: str
    outcome: str  # "completed" | "cancelled"
    deltas: int
    stopped_by: str = ""
    steers: list[str] = field(default_factory=list)
    last_seq: int = 0


def run_demo(
    *, session_id: str, events: int, rate: float = 0, poll_interval: float = 0.01
) -> DemoResult:
    run = f"r_{secrets.token_hex(6)}"
    message = f"m_{secrets.token_hex(6)}"
    started = services.append(
        session_id=session_id,
        type="run.started",
        data={"message": message, "deltas": events},
        by=BY,
        run=run,
        agent=AGENT,
    )
    watcher = ControlWatcher(session_id, run, after_seq=started.seq, min_interval=poll_interval)
    result = DemoResult(run=run, message=message, outcome="completed", deltas=0)
    t0 = time.monotonic()
    for i in range(events):
        for event in watcher.poll():
            if event.type == "control.steer":
                result.steers.append(str(event.data.get("text", "")))
        if watcher.stopped_by is not None:
            result.outcome, result.stopped_by = "cancelled", watcher.stopped_by.by
            break
        if rate > 0:
            delay = t0 + i / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        services.append(
            session_id=session_id,
            type="run.delta",
            data={"message": message, "text": delta_text(i)},
            by=BY,
            run=run,
            agent=AGENT,
        )
        result.deltas += 1
    end = "run.completed" if result.outcome == "completed" else "run.cancelled"
    data: dict[str, object] = {"message": message, "deltas": result.deltas}
    if result.stopped_by:
        data["stopped_by"] = result.stopped_by
    last = services.append(session_id=session_id, type=end, data=data, by=BY, run=run, agent=AGENT)
    result.last_seq = last.seq
    return result
