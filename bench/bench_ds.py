"""Generic Durable Streams (/ds/): appends and reads vs the official reference server.

Steward (one daphne process, a throwaway PostgreSQL database, every append committed)
against @durable-streams/server (node, in memory: nothing is durable), same client, same
run: append throughput with 8 concurrent writers (one stream each, keep-alive), catch-up
read latency, and live latency (an append answered to a waiting long-poll).
Environment: BENCH_DS_APPENDS (per side, default 2000), BENCH_DS_SAMPLES (default 200).
"""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from bench.support import ROOT, bench_env, daphne, free_port, percentile, throwaway_database

WRITERS = 8
APPENDS = int(os.environ.get("BENCH_DS_APPENDS", "2000"))
SAMPLES = int(os.environ.get("BENCH_DS_SAMPLES", "200"))
BODY = b"x" * 100
TEXT = {"Content-Type": "text/plain"}


def run() -> list[dict[str, Any]]:
    if shutil.which("node") is None or not (ROOT / "node_modules/@durable-streams/server").exists():
        print("  skipped: needs node and `npm install` (the reference server)")
        return []
    with (
        throwaway_database("bench_ds") as url,
        reference() as baseline,
        daphne(bench_env(url, STEWARD_STREAMS_OPEN="true")) as base,
    ):
        sides = {"steward": f"{base}/ds", "baseline": baseline}
        rates = {k: append_rate(v) for k, v in sides.items()}
        reads = {k: read_latency(v) for k, v in sides.items()}
        lives = {k: live_latency(v) for k, v in sides.items()}
    return [
        {"name": "appends, 8 writers", "unit": "appends/s", **rates},
        {"name": "catch-up read p50", "unit": "ms", **reads},
        {"name": "append to long-poll answer p50", "unit": "ms", **lives},
    ]


@contextmanager
def reference() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        ["node", str(ROOT / "bench" / "ds_reference.mjs"), str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and "ready" in process.stdout.readline()
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


class Client:
    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.prefix = parts.path
        self.conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=60)

    def call(self, method: str, path: str, body: bytes = b"", **headers: str) -> Any:
        self.conn.request(method, self.prefix + path, body=body or None, headers=headers)
        response = self.conn.getresponse()
        response.read()
        return response


def append_rate(base: str) -> float:
    stamp = time.time_ns()
    counts = [APPENDS // WRITERS] * WRITERS

    def write(i: int) -> None:
        client = Client(base)
        client.call("PUT", f"/bench/w{stamp}-{i}", **TEXT)
        for _ in range(counts[i]):
            assert client.call("POST", f"/bench/w{stamp}-{i}", BODY, **TEXT).status == 204

    threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.perf_counter() - started)


def read_latency(base: str) -> float:
    client, path = Client(base), f"/bench/r{time.time_ns()}"
    client.call("PUT", path, **TEXT)
    for _ in range(100):
        client.call("POST", path, BODY, **TEXT)
    took = []
    for _ in range(SAMPLES):
        started = time.perf_counter()
        assert client.call("GET", f"{path}?offset=-1").status == 200
        took.append((time.perf_counter() - started) * 1000)
    return percentile(took, 0.5)


def live_latency(base: str) -> float:
    writer, path = Client(base), f"/bench/l{time.time_ns()}"
    offset = writer.call("PUT", path, **TEXT).getheader("Stream-Next-Offset")
    took = []
    for _ in range(max(20, SAMPLES // 10)):
        answered: list[float] = []
        reader = threading.Thread(target=_wait, args=(base, path, offset, answered))
        reader.start()
        time.sleep(0.05)  # the long-poll is waiting
        sent = time.perf_counter()
        offset = writer.call("POST", path, BODY, **TEXT).getheader("Stream-Next-Offset")
        reader.join()
        took.append((answered[0] - sent) * 1000)
    return percentile(took, 0.5)


def _wait(base: str, path: str, offset: str, answered: list[float]) -> None:
    response = Client(base).call("GET", f"{path}?offset={offset}&live=long-poll")
    answered.append(time.perf_counter())
    assert response.status == 200
