"""Durable sessions side by side with the peers a team would otherwise pick, in one run.

Production configuration: Steward is one daphne process on a throwaway PostgreSQL database
and Redis; its writer is a separate process appending through ``steward.live.services`` (like
a Celery worker). On the same workloads, in the same run (bench/live_peers.py says how each is
served, written and read): a raw ``websockets`` broadcast server (the ceiling, not durable),
Redis Streams readers with one connection each (durable), django-eventstream's SSE on its own
daphne with model storage (durable), and stock Channels ``group_send`` (not durable). Every
peer's writer is a process of its own sending the same event envelope. Clients run in one
measuring process on loopback. Latency is reported from the writer's send (or commit)
returning to the subscriber, and end to end from just before the send.
Workloads: paced 50 ev/s to 20 sessions x 5 and 1 session x 100 subscribers; a burst written
flat out to 100; 1 session x 1,000 subscribers at 50 ev/s; 2,000 idle connections (the
server process's RSS from /proc), then a few events to all of them; resume after 10,000
missed deltas; stop latency.
Environment: BENCH_PG_ADMIN_URL (default postgres://root@127.0.0.1:5432/postgres),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/0), BENCH_LIVE_SECONDS (paced duration, 4),
BENCH_LIVE_BURST (burst events, 2000), BENCH_LIVE_WIDE (subscribers of the wide case, 1000),
BENCH_LIVE_IDLE (idle connections, 2000), BENCH_LIVE_IDLE_EVENTS (then written at 1/s, 3),
BENCH_LIVE_WAVE (subscribers connecting at once, 50), BENCH_LIVE_LATE (seconds after the last
event was due that a subscriber stops waiting; what it has not got by then is lost, 15),
BENCH_LIVE_ONLY (cases to run, comma separated: idle, paced_20x5, paced_1x100, burst, wide,
resume, stop), BENCH_ASGI_SERVER (Steward's server: daphne, or uvicorn on the websockets
library), BENCH_LIVE_PEERS_ONLY (peers beside Steward: websockets, redis-streams,
eventstream, channels), BENCH_LIVE_DUMP (a path prefix: every delivery's commit time and
latency, one file per case, for a closer look).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bench.support import (
    REDIS_URL,
    ROOT,
    asgi_server,
    bench_env,
    daphne_server,
    free_port,
    serve,
    throwaway_database,
)


@contextmanager
def peer_servers(env: dict[str, str]) -> Iterator[dict[str, dict[str, Any]]]:
    """The peers' own servers, each in its own process: the raw websockets broadcast server,
    django-eventstream's daphne (its tables migrated into the bench's database), and a
    daphne for the Channels baseline (its memory apart from Steward's)."""
    es_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.settings_eventstream"}
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "django_eventstream", "--noinput", "-v", "0"],
        cwd=ROOT, env=es_env, check=True, timeout=300,
    )  # fmt: skip
    ws_port = free_port()
    argv = [sys.executable, "-m", "bench.peer_ws_server", str(ws_port)]
    with (
        serve(argv, env, ws_port, "websockets") as ws,
        daphne_server(es_env, app="bench.asgi_eventstream:application") as es,
        daphne_server(env) as channels,
    ):
        yield {
            "channels": {"url": channels.url, "pid": channels.process.pid},
            "websockets": {"url": ws.url, "pid": ws.process.pid},
            "eventstream": {"url": es.url, "pid": es.process.pid},
        }


def measure() -> dict[str, Any]:
    extra = {
        "REDIS_URL": REDIS_URL,
        "BENCH_REDIS_URL": REDIS_URL,
        "STEWARD_REDIS_PREFIX": f"benchlive{os.getpid()}",
    }
    with throwaway_database("steward_bench_live", extra) as database_url:
        env = bench_env(database_url, **extra)
        with asgi_server(env) as steward, peer_servers(env) as servers:
            servers["steward"] = {"url": steward.url, "pid": steward.process.pid}
            env["BENCH_LIVE_URL"] = steward.url
            env["BENCH_LIVE_PEERS"] = json.dumps(servers)
            child = subprocess.run(
                [sys.executable, "-m", "bench.live_child"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,  # progress and errors go to stderr, as they happen
                text=True,
                timeout=1800,
            )
    if child.returncode:
        raise RuntimeError(f"bench.live_child failed (exit {child.returncode}); see above")
    return dict(json.loads(child.stdout.strip().splitlines()[-1]))


PEERS = ("websockets", "redis-streams", "eventstream", "channels")


def figure(
    raw: dict[str, Any], case: str, key: str, name: str, unit: str, target: str = ""
) -> dict[str, Any]:
    """One figure of a case: Steward's value, and each peer's that was measured."""
    results = raw.get(case, {})
    fig: dict[str, Any] = {"name": name, "steward": results["steward"][key], "unit": unit}
    fig["baselines"] = {p: results[p][key] for p in PEERS if p in results}
    if "channels" in results:  # the single baseline the other bench modules print
        fig["baseline"] = results["channels"][key]
    if target:
        fig["target"] = target
    return fig


def lost(result: dict[str, Any]) -> dict[str, Any]:
    return {**result, "wrong": result["lost"] + result["dups"] + result["reordered"]}


def run() -> list[dict[str, Any]]:
    raw = measure()
    for case in raw.values():
        for name, result in case.items():
            if isinstance(result, dict) and "lost" in result:
                case[name] = lost(result)
    figures: list[dict[str, Any]] = []
    paced = {
        "paced_20x5": "paced 20 sessions x 5 subs",
        "paced_1x100": "paced 50 ev/s, 1 session x 100 subs",
        "wide": "paced 50 ev/s, 1 session x 1,000 subs on one process",
    }
    targets = {
        "paced_20x5": "<= 25 ms",
        "paced_1x100": "<= 1.5x websockets",
        "wide": "<= 100 ms",
    }
    for case, label in paced.items():
        if case not in raw:
            continue
        figures += [
            figure(raw, case, "commit_p99_ms", f"{label}: p99 latency, commit -> subscriber",
                   "ms", targets[case]),
            figure(raw, case, "p99_ms", f"{label}: p99 latency incl. the writer's commit", "ms"),
            figure(raw, case, "wrong", f"{label}: lost+dup+reordered", "events", "0"),
            figure(raw, case, "server_cpu_us", f"{label}: server CPU per delivery", "us"),
            figure(raw, case, "client_cpu_us", f"{label}: measuring clients' CPU per delivery",
                   "us"),
        ]  # fmt: skip
    if "burst" in raw:
        figures += [
            figure(raw, "burst", "events_per_s", "burst x 100 subs: delivered", "events/s",
                   ">= 0.75x websockets"),
            figure(raw, "burst", "loss_pct", "burst x 100 subs: lost", "%", "0"),
            figure(raw, "burst", "server_cpu_us", "burst x 100 subs: server CPU per delivery",
                   "us"),
        ]  # fmt: skip
    if "idle" in raw:
        figures += [
            figure(raw, "idle", "rss_mb", "2,000 idle connections: server RSS", "MB"),
            figure(raw, "idle", "rss_per_connection_kb", "2,000 idle connections: RSS growth "
                   "per connection", "KB"),
            figure(raw, "idle", "commit_p99_ms", "2,000 idle connections, then an event a "
                   "second: p99", "ms", "<= 100 ms"),
            figure(raw, "idle", "wrong", "2,000 idle connections, then an event a second: "
                   "lost+dup+reordered", "events", "0"),
        ]  # fmt: skip
    if "resume" in raw:
        r = raw["resume"]
        figures += [
            {
                "name": "resume after 10,000 deltas: time (baseline: raw replay)",
                "steward": r["ms"],
                "baseline": r["raw_ms"],
                "unit": "ms",
                "target": "<= 100 ms (stock Channels cannot resume)",
            },
            {
                "name": "resume after 10,000 deltas: bytes / text bytes (baseline: raw replay)",
                "steward": r["bytes_ratio"],
                "baseline": r["raw_bytes_ratio"],
                "unit": "x",
                "target": "<= 2x",
            },
        ]
    if "stop" in raw:
        figures.append(
            {
                "name": "stop frame -> writer sees it: p99 (baseline: Channels)",
                "steward": raw["stop"]["p99_ms"],
                "baseline": raw["stop"]["baseline_p99_ms"],
                "unit": "ms",
                "target": "<= 100 ms",
            }
        )
    return figures
