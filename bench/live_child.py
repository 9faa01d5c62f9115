"""The live benchmark's measuring process (started by bench_live.run with Django configured
for a throwaway PostgreSQL database and Redis). Prints one JSON object of raw figures."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from bench.live_common import HEADERS, IDLE, cookie, p99
from bench.live_peers import Peer, peers
from bench.live_recovery import resume, stop_latency
from bench.support import cpu_seconds, rss_bytes


@dataclass
class Sub:
    key: str = ""  # the session (or baseline room) this subscriber reads
    got: list[tuple[int, float]] = field(default_factory=list)
    received: dict[int, float] = field(default_factory=dict)
    last: float = 0.0
    first_sent: float = 0.0  # the writer's timestamp on the first event this subscriber got
    error: str = ""
    ready: asyncio.Event = field(default_factory=asyncio.Event)  # subscribed, or failed
    lingered: bool = False


async def subscribe(peer: Peer, expect: int, rate: float, sub: Sub, linger: Linger) -> None:
    try:
        await _subscribe(peer, expect, rate, sub, linger)
    except Exception as exc:  # a refused or dropped subscriber has lost what it did not get
        sub.error = repr(exc)
    sub.ready.set()
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


async def _subscribe(peer: Peer, expect: int, rate: float, sub: Sub, linger: Linger) -> None:
    async with peer.subscriber(sub.key) as read:
        sub.ready.set()
        deadline = time.monotonic() + 120
        while len(sub.got) < expect and time.monotonic() < deadline:
            try:
                events = await read(IDLE if sub.got else 60)
            except TimeoutError:
                break
            now = time.time()
            sub.last = now
            if events and not sub.first_sent:  # the stream started: later than LATE is lost
                deadline = time.monotonic() + expect / (rate or expect) + LATE
            for body in events:
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


WAVE = int(os.environ.get("BENCH_LIVE_WAVE", "50"))
# A subscriber stops reading this long after the writer's last event was due: whatever has
# not arrived by then counts as lost (keeps a peer that falls far behind from holding the run).
LATE = float(os.environ.get("BENCH_LIVE_LATE", "15"))


async def connect_all(
    peer: Peer, keys: list[str], expect: int, rate: float
) -> tuple[list[Any], list[Sub]]:
    """One subscriber per entry of ``keys``, connected in waves of ``WAVE`` (each wave
    subscribed before the next starts, as clients arrive over a moment, not all at once)."""
    subs = [Sub(key=k) for k in keys]
    linger = Linger(len(keys))
    tasks = []
    for start in range(0, len(subs), WAVE):
        wave = subs[start : start + WAVE]
        tasks.extend(asyncio.create_task(subscribe(peer, expect, rate, s, linger)) for s in wave)
        await asyncio.wait_for(asyncio.gather(*(s.ready.wait() for s in wave)), 90)
    await asyncio.sleep(1.0)  # let the joins settle before measuring
    return tasks, subs


async def fanout(
    peer: Peer, sessions: int, subs: int, count: int, rate: float, *, memory: bool = False
) -> dict[str, Any]:
    """``subs`` subscribers on each of ``sessions`` streams, then ``count`` events written to
    each at ``rate``/s (0: flat out) by a writer process per 5 streams, like workers. With
    ``memory``, the server process's RSS is read before and after the subscribers connect."""
    keys = peer.keys(sessions)
    before = rss_bytes(peer.pid()) if memory else 0
    tasks, results = await connect_all(peer, [k for k in keys for _ in range(subs)], count, rate)
    after = rss_bytes(peer.pid()) if memory else 0
    procs = [
        peer.start_writer(keys[start : start + 5], count, rate) for start in range(0, len(keys), 5)
    ]
    for proc in procs:  # every writer has started up before the stream starts
        assert proc.stdout is not None
        await asyncio.to_thread(proc.stdout.readline)
    started, cpu, client_cpu = time.time(), cpu_seconds(peer.pid()), time.process_time()
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write(b"go\n")
        proc.stdin.flush()
    await asyncio.gather(*tasks)
    cpu = cpu_seconds(peer.pid()) - cpu
    client_cpu = time.process_time() - client_cpu
    committed: dict[str, dict[str, float]] = {}
    for proc in procs:
        out, _ = proc.communicate(timeout=60)
        committed.update(json.loads(out or b"{}"))
    figures = verdict(results, count, started, committed)
    # The server's CPU per delivery: what the figure costs, less blurred by a busy machine
    # than latency is (the subscribers lingering until all are done add a little).
    figures["server_cpu_us"] = cpu * 1e6 / max(1, figures["delivered"])
    # ... and the measuring clients': when they take a core, latency is theirs, not the server's.
    figures["client_cpu_us"] = client_cpu * 1e6 / max(1, figures["delivered"])
    if memory:
        figures["rss_mb"] = after / 2**20
        figures["rss_per_connection_kb"] = (after - before) / 1024 / max(1, len(results))
    return figures


def workloads() -> dict[str, dict[str, Any]]:
    """The measured cases (BENCH_LIVE_* knobs, defaults as the issue states them)."""
    seconds = float(os.environ.get("BENCH_LIVE_SECONDS", "4"))
    paced = {"count": int(50 * seconds), "rate": 50}
    return {
        # First, so that each server's memory grows from what it held after start-up.
        "idle": {
            "sessions": 1,
            "subs": int(os.environ.get("BENCH_LIVE_IDLE", "2000")),
            # then a few events, far apart: is every connection still served, and how fast?
            "count": int(os.environ.get("BENCH_LIVE_IDLE_EVENTS", "3")),
            "rate": 1,
            "memory": True,
        },
        "paced_20x5": {"sessions": 20, "subs": 5, **paced},
        "paced_1x100": {"sessions": 1, "subs": 100, **paced},
        "burst": {
            "sessions": 1,
            "subs": 100,
            "count": int(os.environ.get("BENCH_LIVE_BURST", "2000")),
            "rate": 0,
        },
        "wide": {"sessions": 1, "subs": int(os.environ.get("BENCH_LIVE_WIDE", "1000")), **paced},
    }


async def main() -> None:
    HEADERS.update(cookie())
    contenders = peers()
    chosen = os.environ.get("BENCH_LIVE_PEERS_ONLY", "").split(",")
    chosen_cases = os.environ.get("BENCH_LIVE_ONLY", "").split(",")
    figures: dict[str, Any] = {}
    for name, peer in contenders.items():  # connections, caches and code paths warmed up
        if chosen == [""] or name in chosen or name == "steward":
            await fanout(peer, 1, 2, 25, 50)
    for case, spec in workloads().items():
        if chosen_cases != [""] and case not in chosen_cases:
            continue
        figures[case] = {}
        for name, peer in contenders.items():
            if chosen != [""] and name not in chosen and name != "steward":
                continue
            figures[case][name] = await fanout(peer, **spec)
            print(f"bench_live: {case} {name} {json.dumps(figures[case][name])}", file=sys.stderr)
    if chosen_cases == [""] or "resume" in chosen_cases:
        figures["resume"] = await resume(10_000)
    if chosen_cases == [""] or "stop" in chosen_cases:
        figures["stop"] = await stop_latency(30)
    print(json.dumps(figures))


if __name__ == "__main__":
    asyncio.run(main())
