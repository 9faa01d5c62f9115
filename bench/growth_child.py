"""bench_growth's measuring process: resume far behind in logs of growing size, as a client.

Run by bench.bench_growth with daphne serving the filled database; argv[1] is the spec
(``{"logs": [{"size", "session_id", "after", "tail"}], "repeats", "plans"}``). Prints the
raw timings and byte counts as one JSON line; with ``plans`` it also prints, to stderr, the
EXPLAIN (ANALYZE, BUFFERS) of every query the resume paths run on the largest log.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import sys
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.db import connection
from websockets.asyncio.client import connect

from bench import live_common
from bench.live_common import BASE, HTTP, events_of
from steward.live import offsets
from steward.live.backlog import catch_up
from steward.live.streams_read import read_page


async def ws_resume(session_id: str, after: int, tail: int) -> tuple[float, int]:
    """Seconds from connecting with ``after`` until the event at ``tail`` arrived, and the
    bytes of every frame received meanwhile."""
    received, started = 0, time.perf_counter()
    url = f"{BASE}/ws/sessions/{session_id}/?after={after}"
    async with connect(url, additional_headers=live_common.HEADERS, max_size=None) as ws:
        last = after
        while last < tail:
            frame = await asyncio.wait_for(ws.recv(), 60)
            received += len(frame if isinstance(frame, bytes) else frame.encode())
            last = max(last, *(e.get("seq", 0) for e in events_of(frame)))
        return time.perf_counter() - started, received


def http_resume(session_id: str, after: int) -> tuple[float, int]:
    """The same over the Durable Streams HTTP read (pages of raw events, one keep-alive
    connection): seconds until a page says Stream-Up-To-Date, and the bodies' bytes."""
    parts = urlsplit(HTTP)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=60)
    received, started, offset = 0, time.perf_counter(), offsets.encode(after)
    try:
        while True:
            path = f"/streams/sessions/{session_id}?offset={offset}"
            conn.request("GET", path, headers=live_common.HEADERS)
            response = conn.getresponse()
            received += len(response.read())
            if response.status != 200:
                raise RuntimeError(f"GET {path} answered {response.status}")
            offset = response.getheader("Stream-Next-Offset") or offset
            if response.getheader("Stream-Up-To-Date"):
                return time.perf_counter() - started, received
    finally:
        conn.close()


def text_bytes(key: str, after: int) -> int:
    """The text the missed events carry: their deltas' text, in bytes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(octet_length(data->>'text')), 0) FROM live_event "
            "WHERE stream_id = %s AND seq > %s AND type = 'run.delta'",
            [key, after],
        )
        return int(cursor.fetchone()[0])


def explain(label: str, call: Callable[[], Any]) -> None:
    """Run ``call``, then EXPLAIN (ANALYZE, BUFFERS) every query it ran, to stderr."""
    queries: list[tuple[str, Any]] = []

    def capture(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        call()
    for sql, params in queries:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plan = "\n    ".join(row[0] for row in cursor.fetchall())
        print(f"-- {label}\n{sql % tuple(repr(p) for p in params)}\n    {plan}", file=sys.stderr)


def main(spec: dict[str, Any]) -> dict[str, Any]:
    live_common.HEADERS.update(live_common.cookie())
    logs = spec["logs"]
    out: dict[str, Any] = {}
    for log in logs:
        key = f"session:{log['session_id']}"
        out[str(log["size"])] = {
            "text_bytes": text_bytes(key, log["after"]),
            **{k: [] for k in ("ws_s", "ws_bytes", "http_s", "http_bytes", "catch_up_s")},
        }
    # Sizes take turns within each round, so the machine's jitter falls on all of them.
    for round_ in range(spec["repeats"] + 1):  # round 0 warms caches and is not counted
        for log in logs:
            key, after = f"session:{log['session_id']}", log["after"]
            ws_s, ws_bytes = asyncio.run(ws_resume(log["session_id"], after, log["tail"]))
            http_s, http_bytes = http_resume(log["session_id"], after)
            started = time.perf_counter()
            catch_up(key, after)
            catch_up_s = time.perf_counter() - started
            if round_:
                row = out[str(log["size"])]
                for name, value in (
                    ("ws_s", ws_s),
                    ("ws_bytes", ws_bytes),
                    ("http_s", http_s),
                    ("http_bytes", http_bytes),
                    ("catch_up_s", catch_up_s),
                ):
                    row[name].append(value)
        print(f"  round {round_} done", file=sys.stderr, flush=True)
    if spec.get("plans"):
        largest = max(logs, key=lambda log: log["size"])
        key, after = f"session:{largest['session_id']}", largest["after"]
        explain(f"WebSocket catch-up, log of {largest['size']}", lambda: catch_up(key, after))
        explain(f"HTTP page, log of {largest['size']}", lambda: read_page(key, after))
    return out


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
