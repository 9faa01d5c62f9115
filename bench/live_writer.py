"""The live benchmark's writer process: appends deltas the way an agent run does.

``deltas``: every session gets ``count`` run.delta events at ``rate``/s (0: flat out), one
thread per session, each at its own phase within the first period. Like a running worker, the
process warms up first (connections, one append to a scratch session per thread), prints
"ready", starts on a line from stdin, prints {session: {delta: commit time}} and stays until
stdin closes, so neither start-up nor shutdown falls inside the measurement.
``stoppable``: one run per session, in turn, each until someone stops it (seen through a
ControlWatcher); prints {session: time the stop was seen}.
"""

from __future__ import annotations

import json
import random
import sys
import threading
import time

import django

django.setup()

from django.db import connection  # noqa: E402

from steward.gc_tuning import settle  # noqa: E402
from steward.live import services, wakeups  # noqa: E402
from steward.live.control import ControlWatcher  # noqa: E402

COMMITTED: dict[str, dict[int, float]] = {}  # session -> delta index -> commit returned at


def deltas(
    session_id: str, count: int, rate: float, go: threading.Barrier, finish: threading.Event
) -> None:
    scratch = services.create_session(app="ideaboard", title="warm-up", created_by=None)
    services.append(session_id=scratch.id, type="run.delta", data={}, by="agent:bench")
    go.wait()
    t0 = time.monotonic() + (random.random() / rate if rate else 0.0)
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
    finish.wait()
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
        go, finish = threading.Barrier(len(spec["sessions"]) + 1), threading.Event()
        threads = [
            threading.Thread(target=deltas, args=(s, spec["count"], spec["rate"], go, finish))
            for s in spec["sessions"]
        ]
        for t in threads:
            t.start()
        wakeups.publisher().send("bench:warm-up", "")
        while go.n_waiting < len(threads):
            time.sleep(0.01)
        settle()  # as a Celery worker does once started (steward/gc_tuning.py)
        print("ready", flush=True)
        sys.stdin.readline()
        go.wait()
        deadline = time.monotonic() + 120
        while any(len(COMMITTED.get(s, ())) < spec["count"] for s in spec["sessions"]):
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        print(json.dumps(COMMITTED), flush=True)
        sys.stdin.read()
        finish.set()
        for t in threads:
            t.join(timeout=30)
        return
    print(json.dumps({s: stoppable(s, spec["rate"]) for s in spec["sessions"]}))


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
