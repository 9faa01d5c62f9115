"""The live benchmark's recovery figures: resume far behind, and stop latency (imported
by bench.live_child, which has configured Django)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import urllib.request
from typing import Any

from websockets.asyncio.client import connect

from bench.live_common import BASE, HEADERS, HTTP, events_of, p99
from steward.live import services
from steward.live.services import NewEvent, append_events


async def resume(missed: int) -> dict[str, Any]:
    session = services.create_session(app="ideaboard", title="resume", created_by=None)
    append_events(session.stream_key, [NewEvent(type="run.started", data={"message": "m"})])
    texts = [f"w{i} " for i in range(missed)]
    for start in range(0, missed, 1000):
        append_events(
            session.stream_key,
            [
                NewEvent(type="run.delta", data={"message": "m", "text": t})
                for t in texts[start : start + 1000]
            ],
        )
    tail = services.tail(session.stream_key)
    text_bytes = len("".join(texts).encode())
    timings, sizes = [], []
    for _ in range(5):
        received, started = 0, time.perf_counter()
        async with connect(
            f"{BASE}/ws/sessions/{session.id}/?after=1", additional_headers=HEADERS, max_size=None
        ) as ws:
            last = 0
            while last < tail:
                frame = await asyncio.wait_for(ws.recv(), 10)
                received += len(frame)
                last = max(last, *(e.get("seq", 0) for e in events_of(frame)))
            timings.append(time.perf_counter() - started)
            sizes.append(received)
    # Without compaction: the same log read as raw deltas over the streams API.
    raw, started, offset = 0, time.perf_counter(), "0000000000000001"
    while True:
        req = urllib.request.Request(
            f"{HTTP}/streams/sessions/{session.id}?offset={offset}", headers=HEADERS
        )
        with urllib.request.urlopen(req, timeout=10) as r:
            raw += len(r.read())
            offset = r.headers["Stream-Next-Offset"]
            if r.headers.get("Stream-Up-To-Date"):
                break
    return {
        "ms": sorted(timings)[len(timings) // 2] * 1000,
        "bytes_ratio": max(sizes) / text_bytes,
        "raw_ms": (time.perf_counter() - started) * 1000,
        "raw_bytes_ratio": raw / text_bytes,
    }


async def stop_latency(trials: int) -> dict[str, Any]:
    ids = [
        services.create_session(app="ideaboard", title="stop", created_by=None).id
        for _ in range(trials)
    ]
    spec = json.dumps({"mode": "stoppable", "sessions": ids, "count": 100000, "rate": 50})
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.live_writer", spec], env=os.environ, stdout=subprocess.PIPE
    )
    sent: dict[str, float] = {}
    for sid in ids:
        async with connect(f"{BASE}/ws/sessions/{sid}/", additional_headers=HEADERS) as ws:
            deltas = 0
            while deltas < 5:
                deltas += sum(
                    e.get("type") == "run.delta"
                    for e in events_of(await asyncio.wait_for(ws.recv(), 30))
                )
            sent[sid] = time.time()
            await ws.send(json.dumps({"op": "stop"}))
            while not any(
                e.get("type") == "run.cancelled"
                for e in events_of(await asyncio.wait_for(ws.recv(), 10))
            ):
                pass
    out, _ = proc.communicate(timeout=60)
    seen = json.loads(out)
    steward = [seen[sid] - sent[sid] for sid in ids]
    # Baseline: the stop frame through a bare Channels room to a writer's socket.
    base: list[float] = []
    room = f"stop{time.monotonic_ns()}"
    async with (
        connect(f"{BASE}/ws/bench-baseline/{room}/") as writer_ws,
        connect(f"{BASE}/ws/bench-baseline/{room}/") as ui,
    ):
        await asyncio.sleep(0.3)
        for i in range(trials):
            await ui.send(json.dumps({"op": "stop", "i": i, "t": time.time()}))
            while True:
                e = json.loads(await asyncio.wait_for(writer_ws.recv(), 10))
                if e.get("i") == i:
                    base.append(time.time() - e["t"])
                    break
            await asyncio.sleep(0.05)
    return {"p99_ms": p99(steward), "baseline_p99_ms": p99(base)}
