"""The live benchmark's writer process: appends deltas the way an agent run does.

``deltas``: every session gets ``count`` run.delta events at ``rate``/s (0: flat out), one
thread per session. ``stoppable``: one run per session, in turn, each until someone stops
it (seen through a ControlWatcher); prints {session: time the stop was seen}.
"""

from __future__ import annotations

import json
import sys
import threading
import time

import django

django.setup()

from django.db import connection  # noqa: E402

from steward.live import services  # noqa: E402
from steward.live.control import ControlWatcher  # noqa: E402

COMMITTED: dict[str, dict[int, float]] = {}  # session -> delta index -> commit returned at


def deltas(session_id: str, count: int, rate: float) -> None:
    t0 = time.monotonic()
    for i in range(count):
        if rate:
            time.sleep(max(0.0, t0 + i / rate - time.monotonic()))
        services.append(
            session_id=session_id,
            type="run.delta",
            data={"message": "m", "text": "w ", "i": i, "t": time.time()},
            by="agent:bench",
        )
        COMMITTED.setdefault(session_id, {})[i] = time.time()
    connection.close()


def stoppable(session_id: str, rate: float) -> float:
    services.append(
        session_id=session_id, type="run.started", data={"message": "m"}, by="agent:bench"
    )
    watcher = ControlWatcher(session_id, min_interval=0.005)
    t0 = time.monotonic()
    for i in range(100_000):
        if watcher.poll() and watcher.stop_requested:
            seen = time.time()
            services.append(
                session_id=session_id, type="run.cancelled", data={"message": "m"}, by="agent:bench"
            )
            return seen
        next_delta = t0 + i / rate
        while time.monotonic() < next_delta:  # keep watching while paced
            time.sleep(0.005)
            if watcher.poll() and watcher.stop_requested:
                seen = time.time()
                services.append(
                    session_id=session_id,
                    type="run.cancelled",
                    data={"message": "m"},
                    by="agent:bench",
                )
                return seen
        services.append(
            session_id=session_id,
            type="run.delta",
            data={"message": "m", "text": "w "},
            by="agent:bench",
        )
        if time.monotonic() - t0 > 60:
            break
    return float("nan")


def main(spec: dict) -> None:
    if spec["mode"] == "deltas":
        threads = [
            threading.Thread(target=deltas, args=(s, spec["count"], spec["rate"]))
            for s in spec["sessions"]
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        print(json.dumps(COMMITTED))
        return
    print(json.dumps({s: stoppable(s, spec["rate"]) for s in spec["sessions"]}))


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
