"""The live benchmark's measuring process (started by bench_live.run with Django configured
for a throwaway PostgreSQL database and Redis). Prints one JSON object of raw figures."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import connect

from bench.live_common import BASE, HEADERS, IDLE, cookie, events_of, p99
from bench.live_recovery import resume, stop_latency
from steward.live import services


@dataclass
class Sub:
    key: str = ""  # the session (or baseline room) this subscriber reads
    got: list[tuple[int, float]] = field(default_factory=list)
    received: dict[int, float] = field(default_factory=dict)
    last: float = 0.0
    first_sent: float = 0.0  # the writer's timestamp on the first event this subscriber got
    error: str = ""
    readied: bool = False
    lingered: bool = False


async def subscribe(url: str, expect: int, sub: Sub, ready: Any, linger: Linger) -> None:
    def mark() -> None:
        if not sub.readied:
            sub.readied = True
            ready()

    try:
        await _subscribe(url, expect, sub, mark, linger)
    except Exception as exc:  # a refused or dropped subscriber has lost what it did not get
        sub.error = repr(exc)
        mark()
    if not sub.lingered:
        linger.leave()


class Linger:
    """Subscribers that got everything stay connected until all have: a wave of
    disconnects (and their presence events) is not part of what is measured."""

    def __init__(self, count: int) -> None:
        self.left = count
        self.all_done = asyncio.Event()

    def leave(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.all_done.set()

    async def stay(self, sub: Sub) -> None:
        sub.lingered = True
        self.leave()
        await asyncio.wait_for(self.all_done.wait(), 150)


async def _subscribe(url: str, expect: int, sub: Sub, ready: Any, linger: Linger) -> None:
    async with connect(url, additional_headers=HEADERS, max_size=None, open_timeout=60) as ws:
        if "/ws/sessions/" in url:
            # Any frame comes after the server subscribed this socket (at least its own
            # presence.joined); the baseline has joined its group once the socket is open.
            await asyncio.wait_for(ws.recv(), 60)
        ready()
        deadline = time.monotonic() + 120
        while len(sub.got) < expect and time.monotonic() < deadline:
            try:
                frame = await asyncio.wait_for(ws.recv(), IDLE if sub.got else 60)
            except TimeoutError:
                break
            now = time.time()
            sub.last = now
            for e in events_of(frame):
                body = e.get("data") if "seq" in e else e
                if isinstance(body, dict) and "i" in body:
                    sub.first_sent = sub.first_sent or body["t"]
                    sub.got.append((body["i"], now - body["t"]))
                    sub.received.setdefault(body["i"], now)
        await linger.stay(sub)


def verdict(
    subs: list[Sub],
    expected: int,
    started: float,
    committed: dict[str, dict[str, float]] | None = None,
) -> dict[str, Any]:
    lost = dups = reordered = 0
    latencies: list[float] = []
    for sub in subs:
        order = [i for i, _ in sub.got]
        lost += max(0, expected - len(set(order)))
        dups += len(order) - len(set(order))
        reordered += sum(1 for a, b in itertools.pairwise(order) if b < a)
        latencies.extend(lat for _, lat in sub.got)
    firsts: dict[int, float] = {}
    for sub in subs:
        for i, lat in sub.got:
            firsts[i] = min(lat, firsts.get(i, lat))
    # Latency from the moment the writer's commit returned (the event is in the log and
    # its wake-up published) to delivery; without a log (baseline) that is the send time.
    from_commit = [
        at - committed[sub.key][str(i)]
        for sub in subs
        for i, at in sub.received.items()
        if committed and str(i) in committed.get(sub.key, {})
    ]
    if committed and os.environ.get("BENCH_LIVE_DUMP"):
        name = f"{os.environ['BENCH_LIVE_DUMP']}.{len(committed)}x{len(subs) // len(committed)}"
        with open(f"{name}.{expected}", "w") as out:
            for sub in subs:
                for i, at in sub.received.items():
                    if str(i) in committed.get(sub.key, {}):
                        c = committed[sub.key][str(i)]
                        out.write(f"{c:.4f} {at - c:.4f} {sub.key} {i}\n")
    delivered = sum(len(s.got) for s in subs)
    end = max((s.last for s in subs), default=started)
    # Rates run from the writer's first event (not from starting the writer's process).
    started = min((s.first_sent for s in subs if s.first_sent), default=started)
    return {
        "lost": lost,
        "dups": dups,
        "reordered": reordered,
        "p99_ms": p99(latencies),
        "delivered": delivered,
        "events_per_s": delivered / max(0.001, end - started),
        "loss_pct": 100.0 * lost / max(1, expected * len(subs)),
        "failed_subscribers": sum(1 for s in subs if s.error),
        "errors": sorted({s.error for s in subs if s.error})[:3],  # why they failed
        # p99 of each event's fastest delivery: the writer, log and wake-up part of latency
        "first_p99_ms": p99(list(firsts.values())),
        "commit_p99_ms": p99(from_commit) if committed else p99(latencies),
    }


async def connect_all(urls: list[str], expect: int) -> tuple[list[Any], list[Sub]]:
    subs = [Sub(key=u.rstrip("/").rsplit("/", 1)[-1]) for u in urls]
    ready = asyncio.Event()
    count = [0]

    def one_ready() -> None:
        count[0] += 1  # each subscriber reports once: connected, or failed
        if count[0] == len(urls):
            ready.set()

    linger = Linger(len(urls))
    tasks = []
    for start in range(0, len(urls), 20):  # connect in waves, as real clients arrive
        for u, s in zip(urls[start : start + 20], subs[start : start + 20], strict=True):
            tasks.append(asyncio.create_task(subscribe(u, expect, s, one_ready, linger)))
        await asyncio.sleep(0.2)
    await asyncio.wait_for(ready.wait(), 90)
    await asyncio.sleep(1.0)  # let the presence backlogs drain before measuring
    return tasks, subs


async def steward_fanout(sessions: int, subs: int, count: int, rate: float) -> dict[str, Any]:
    ids = [
        services.create_session(app="ideaboard", title="b", created_by=None).id
        for _ in range(sessions)
    ]
    tasks, results = await connect_all(
        [f"{BASE}/ws/sessions/{s}/" for s in ids for _ in range(subs)], count
    )
    procs = []
    for start in range(0, len(ids), 5):  # a writer process per 5 sessions, like workers
        spec = {"mode": "deltas", "sessions": ids[start : start + 5], "count": count}
        spec["rate"] = rate
        cmd = [sys.executable, "-m", "bench.live_writer", json.dumps(spec)]
        procs.append(
            subprocess.Popen(cmd, env=os.environ, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        )
    for proc in procs:  # every writer has started up before the stream starts
        assert proc.stdout is not None
        await asyncio.to_thread(proc.stdout.readline)
    started = time.time()
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write(b"go\n")
        proc.stdin.flush()
    await asyncio.gather(*tasks)
    committed: dict[str, dict[str, float]] = {}
    for proc in procs:
        out, _ = proc.communicate(timeout=60)
        committed.update(json.loads(out or b"{}"))
    return verdict(results, count, started, committed)


async def baseline_fanout(sessions: int, subs: int, count: int, rate: float) -> dict[str, Any]:
    rooms = [f"r{time.monotonic_ns()}x{n}" for n in range(sessions)]
    tasks, results = await connect_all(
        [f"{BASE}/ws/bench-baseline/{r}/" for r in rooms for _ in range(subs)], count
    )
    started = time.time()

    async def publish(room: str) -> None:
        async with connect(f"{BASE}/ws/bench-baseline/{room}/", open_timeout=60) as ws:
            t0 = time.monotonic()
            for i in range(count):
                if rate:
                    await asyncio.sleep(max(0.0, t0 + i / rate - time.monotonic()))
                await ws.send(json.dumps({"i": i, "t": time.time(), "text": "w "}))
            await asyncio.sleep(IDLE + 1)

    publishers = [asyncio.create_task(publish(r)) for r in rooms]
    await asyncio.gather(*tasks)
    for p in publishers:
        p.cancel()
    return verdict(results, count, started)


async def main() -> None:
    HEADERS.update(cookie())
    seconds = float(os.environ.get("BENCH_LIVE_SECONDS", "4"))
    count = int(50 * seconds)
    figures: dict[str, Any] = {}

    def note(name: str) -> None:
        print(f"bench_live: {name} done {json.dumps(figures.get(name))}", file=sys.stderr)

    only = os.environ.get("BENCH_LIVE_ONLY", "")
    if only == "paced20":
        figures["paced_20x5"] = {"steward": await steward_fanout(20, 5, count, 50)}
        print(json.dumps(figures))
        return
    if only == "paced":
        figures["paced_1x100"] = {"steward": await steward_fanout(1, 100, count, 50)}
        figures["paced_20x5"] = {"steward": await steward_fanout(20, 5, count, 50)}
        print(json.dumps(figures))
        return
    if only == "burst":
        figures["burst"] = {"steward": await steward_fanout(1, 100, 2000, 0)}
        print(json.dumps(figures))
        return
    figures["paced_20x5"] = {
        "steward": await steward_fanout(20, 5, count, 50),
        "baseline": await baseline_fanout(20, 5, count, 50),
    }
    note("paced_20x5")
    figures["paced_1x100"] = {
        "steward": await steward_fanout(1, 100, count, 50),
        "baseline": await baseline_fanout(1, 100, count, 50),
    }
    note("paced_1x100")
    figures["burst"] = {
        "steward": await steward_fanout(1, 100, 2000, 0),
        "baseline": await baseline_fanout(1, 100, 2000, 0),
    }
    note("burst")
    figures["resume"] = await resume(10_000)
    note("resume")
    figures["stop"] = await stop_latency(30)
    print(json.dumps(figures))


if __name__ == "__main__":
    asyncio.run(main())
