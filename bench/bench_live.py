"""Durable sessions: fan-out, burst, resume and stop latency vs stock Channels group_send.

Production configuration: one daphne process on a throwaway PostgreSQL database and Redis.
The baseline is a bare Channels consumer (bench/baseline_consumer.py, served by bench.asgi)
where each event is a ``group_send`` through stock channels-redis, one message per
subscriber, and nothing is stored. Writers are a separate process appending through
``steward.live.services`` (like a Celery worker). Clients are ``websockets`` on loopback.
Latency is reported twice: from the writer's commit returning (the event is durable and its
wake-up published; for the baseline, from the send) to the subscriber, and end to end
including the writer's own PostgreSQL commit (a few ms, more with fsync jitter).
Environment: BENCH_PG_ADMIN_URL (default postgres://root@127.0.0.1:5432/postgres),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/0), BENCH_LIVE_SECONDS (paced duration, 4),
BENCH_LIVE_DUMP (a path prefix: every delivery's commit time and latency, one file per
case, named <prefix>.<sessions>x<subscribers>.<events>, for a closer look).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from bench.support import REDIS_URL, ROOT, bench_env, daphne, free_port, throwaway_database


def measure() -> dict[str, Any]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    extra = {
        "REDIS_URL": REDIS_URL,
        "STEWARD_REDIS_PREFIX": f"benchlive{os.getpid()}",
        "BENCH_LIVE_URL": url,
    }
    with throwaway_database("steward_bench_live", extra) as database_url:
        env = bench_env(database_url, **extra)
        with daphne(env, port):
            child = subprocess.run(
                [sys.executable, "-m", "bench.live_child"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,  # progress and errors go to stderr, as they happen
                text=True,
                timeout=900,
            )
    if child.returncode:
        raise RuntimeError(f"bench.live_child failed (exit {child.returncode}); see above")
    return dict(json.loads(child.stdout.strip().splitlines()[-1]))


def run() -> list[dict[str, Any]]:
    raw = measure()
    figures: list[dict[str, Any]] = []
    for key, label in (
        ("paced_20x5", "paced 20 sessions x 5 subs"),
        ("paced_1x100", "paced 1 session x 100 subs"),
    ):
        s, b = raw[key]["steward"], raw[key]["baseline"]
        figures.append(
            {
                "name": f"{label}: p99 latency, commit -> subscriber",
                "steward": s["commit_p99_ms"],
                "baseline": b["commit_p99_ms"],
                "unit": "ms",
                "target": "<= 25 ms",
            }
        )
        figures.append(
            {
                "name": f"{label}: p99 latency incl. the writer's commit",
                "steward": s["p99_ms"],
                "baseline": b["p99_ms"],
                "unit": "ms",
            }
        )
        figures.append(
            {
                "name": f"{label}: lost+dup+reordered",
                "steward": s["lost"] + s["dups"] + s["reordered"],
                "baseline": b["lost"] + b["dups"] + b["reordered"],
                "unit": "events",
                "target": "0",
            }
        )
    s, b = raw["burst"]["steward"], raw["burst"]["baseline"]
    figures.append(
        {
            "name": "burst 2000 x 100 subs: delivered",
            "steward": s["events_per_s"],
            "baseline": b["events_per_s"],
            "unit": "events/s",
            "target": ">= 6x baseline",
        }
    )
    figures.append(
        {
            "name": "burst 2000 x 100 subs: lost",
            "steward": s["loss_pct"],
            "baseline": b["loss_pct"],
            "unit": "%",
            "target": "0",
        }
    )
    r = raw["resume"]
    figures.append(
        {
            "name": "resume after 10,000 deltas: time (baseline: raw replay)",
            "steward": r["ms"],
            "baseline": r["raw_ms"],
            "unit": "ms",
            "target": "<= 100 ms (stock Channels cannot resume)",
        }
    )
    figures.append(
        {
            "name": "resume after 10,000 deltas: bytes / text bytes (baseline: raw replay)",
            "steward": r["bytes_ratio"],
            "baseline": r["raw_bytes_ratio"],
            "unit": "x",
            "target": "<= 2x",
        }
    )
    figures.append(
        {
            "name": "stop frame -> writer sees it: p99",
            "steward": raw["stop"]["p99_ms"],
            "baseline": raw["stop"]["baseline_p99_ms"],
            "unit": "ms",
            "target": "<= 100 ms",
        }
    )
    return figures
