"""Durable sessions: fan-out, burst, resume and stop latency vs stock Channels group_send.

Production configuration: one daphne process on a throwaway PostgreSQL database and Redis.
The baseline is a bare Channels consumer (served only under STEWARD_LIVE_BENCH_BASELINE)
where each event is a ``group_send`` through stock channels-redis, one message per
subscriber, and nothing is stored. Writers are a separate process appending through
``steward.live.services`` (like a Celery worker). Clients are ``websockets`` on loopback.
Latency is reported twice: from the writer's commit returning (the event is durable and its
wake-up published; for the baseline, from the send) to the subscriber, and end to end
including the writer's own PostgreSQL commit (a few ms, more with fsync jitter).
Environment: BENCH_PG_ADMIN_URL (default postgres://root@127.0.0.1:5432/postgres),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/0), BENCH_LIVE_SECONDS (paced duration, 4).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://root@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(database_url: str, url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=REDIS_URL,
        STEWARD_REDIS_PREFIX=f"benchlive{os.getpid()}",
        STEWARD_LIVE_BENCH_BASELINE="1",
        STEWARD_RUNNER="inprocess",
        DJANGO_SETTINGS_MODULE="steward.settings",
        DEBUG="0",
        LOG_LEVEL="WARNING",
        BENCH_LIVE_URL=url,
        PYTHONPATH=os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
    )
    return env


def _wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"daphne exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {timeout}s")


def measure() -> dict[str, Any]:
    name = f"steward_bench_live_{os.getpid()}"
    base = ADMIN_URL.rsplit("/", 1)[0]
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = _env(f"{base}/{name}", url)
    _admin(f'DROP DATABASE IF EXISTS "{name}"')
    _admin(f'CREATE DATABASE "{name}"')
    daphne = None
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=300,
        )
        log = Path(tempfile.gettempdir()) / f"bench-live-daphne-{port}.log"
        daphne = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "steward.asgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        _wait_for(f"{url}/healthz", daphne)
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
    finally:
        if daphne is not None:
            daphne.terminate()
            daphne.wait(timeout=20)
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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
