"""The live benchmark's writer process for the peers (bench.live_writer writes Steward's).

``python -m bench.peer_writer '{"peer": …, "keys": […], "count": N, "rate": R, "url": …}'``
sends ``count`` events to every key at ``rate``/s (0: flat out), one thread per key, each
at its own phase within the first period, exactly as bench.live_writer paces Steward's
appends. Each event is the same envelope Steward sends (seq, type, ts, by, data), so every
peer carries the same bytes:

- ``websockets``: a frame on the raw broadcast server's ``/pub/<key>`` socket;
- ``channels``: a frame on a publisher socket of bench.baseline_consumer (one group_send);
- ``redis-streams``: ``XADD <key> * e <event>`` (durable while Redis keeps the stream);
- ``eventstream``: ``django_eventstream.send_event`` (its model storage writes the row, then
  its Redis pub/sub reaches the web process), with Django configured by
  bench.settings_eventstream.

Like a running worker the process connects first, prints "ready", starts on a line from
stdin, prints {key: {index: time the send returned}} and stays until stdin closes.
"""

from __future__ import annotations

import json
import random
import sys
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, datetime
from typing import Any

COMMITTED: dict[str, dict[int, float]] = {}


def event(i: int, t: float) -> dict[str, Any]:
    """The envelope Steward sends for a delta (steward.live.models.envelope)."""
    ts = datetime.fromtimestamp(t, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    data = {"message": "m", "text": "w ", "i": i, "t": t}
    return {"seq": i + 1, "type": "run.delta", "ts": ts, "by": "agent:bench", "data": data}


def sender(peer: str, key: str, url: str, stack: ExitStack) -> Callable[[str], None]:
    """A function that sends one event's JSON text to ``key``, connected before the start."""
    if peer in ("websockets", "channels"):
        from websockets.sync.client import connect

        # channels: a publisher socket, whose frames become one group_send each
        path = f"/pub/{key}" if peer == "websockets" else f"/ws/bench-baseline/{key}/?publish=1"
        return stack.enter_context(connect(url + path, max_size=None)).send
    if peer == "redis-streams":
        import redis

        client = redis.Redis.from_url(url)
        client.ping()

        def xadd(text: str) -> None:
            client.xadd(key, {"e": text})

        return xadd
    if peer == "eventstream":
        from django_eventstream import send_event

        return lambda text: send_event(key, "message", text, json_encode=False)
    raise ValueError(f"no peer writer called {peer!r}")


def deltas(
    send: Callable[[str], None],
    key: str,
    count: int,
    rate: float,
    go: threading.Barrier,
    finish: threading.Event,
) -> None:
    go.wait()
    t0 = time.monotonic() + (random.random() / rate if rate else 0.0)
    for i in range(count):
        if rate:
            time.sleep(max(0.0, t0 + i / rate - time.monotonic()))
        send(json.dumps(event(i, time.time()), separators=(",", ":")))
        COMMITTED.setdefault(key, {})[i] = time.time()
    finish.wait()


def main(spec: dict[str, Any]) -> None:
    if spec["peer"] == "eventstream":
        import django

        django.setup()
    keys = spec["keys"]
    stack = ExitStack()
    senders = {key: sender(spec["peer"], key, spec.get("url", ""), stack) for key in keys}
    go, finish = threading.Barrier(len(keys) + 1), threading.Event()
    threads = [
        threading.Thread(
            target=deltas, args=(senders[k], k, spec["count"], spec["rate"], go, finish)
        )
        for k in keys
    ]
    for t in threads:
        t.start()
    print("ready", flush=True)
    sys.stdin.readline()
    go.wait()
    deadline = time.monotonic() + 120
    while any(len(COMMITTED.get(k, ())) < spec["count"] for k in keys):
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    if spec["peer"] == "redis-streams":  # the bench's streams go away by themselves
        import redis

        client = redis.Redis.from_url(spec["url"])
        for key in keys:
            client.expire(key, 600)
    print(json.dumps(COMMITTED), flush=True)
    sys.stdin.read()
    finish.set()
    for t in threads:
        t.join(timeout=30)
    stack.close()


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
