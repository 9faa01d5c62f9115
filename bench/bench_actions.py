"""Safe Actions: POST add_idea through the whole pipeline vs a plain DRF insert, on PostgreSQL.

One daphne process serves both sides from a throwaway PostgreSQL database; 8 concurrent
clients with keep-alive connections send N requests per side (bounded in time), in alternating
rounds after a warm-up. Both sides authenticate with the same agent token. Steward's side runs
authenticate → authorize → validate → execute → hash-chained audit row, in one transaction.
Environment: BENCH_PG_ADMIN_URL (default postgres://root@127.0.0.1:5432/postgres),
BENCH_ACTIONS_REQUESTS (per side, default 2000), BENCH_ACTIONS_SECONDS (per side, default 90).
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from typing import Any

from bench.support import ROOT, bench_env, daphne, percentile, throwaway_database

CLIENTS = 8
REQUESTS = int(os.environ.get("BENCH_ACTIONS_REQUESTS", "2000"))
SECONDS = float(os.environ.get("BENCH_ACTIONS_SECONDS", "90"))
STEWARD_PATH = "/api/apps/ideaboard/actions/add_idea/"
BASELINE_PATH = "/bench/baseline/add_idea/"
SETUP = """
from django.contrib.auth import get_user_model
from steward.access.models import Membership
from steward.access.services import issue_token
user = get_user_model().objects.create_user("bench", "bench@example.com", "bench-password-1")
Membership.objects.create(user=user, app="ideaboard", role="operator")
print(issue_token(name="bench", owner=user, app="ideaboard")[1])
"""


def _load(port: int, path: str, secret: str, total: int, seconds: float) -> dict[str, Any]:
    """``total`` POSTs from CLIENTS threads (keep-alive); returns rate and latencies."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(total))
    deadline = time.monotonic() + seconds
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            body = json.dumps({"title": f"Bench idea {i}", "pitch": "Measured, not guessed."})
            started = time.perf_counter()
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                if response.status == 200:
                    latencies.append(elapsed)
                else:
                    errors.append(str(response.status))
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {"ok": len(latencies), "errors": errors, "wall": wall, "latencies": latencies}


def run() -> list[dict[str, Any]]:
    with throwaway_database("steward_bench_actions") as database_url:
        env = bench_env(database_url)
        secret = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", SETUP], cwd=ROOT, env=env, check=True,
            capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]  # fmt: skip
        with daphne(env) as url:
            port = int(url.rsplit(":", 1)[1])
            for path in (STEWARD_PATH, BASELINE_PATH):  # warm-up: imports, connections, caches
                _load(port, path, secret, 200, 30)
            sides: dict[str, list[dict[str, Any]]] = {"steward": [], "baseline": []}
            for _ in range(2):  # alternate halves so drift hits both sides alike
                for side, path in (("steward", STEWARD_PATH), ("baseline", BASELINE_PATH)):
                    sides[side].append(_load(port, path, secret, REQUESTS // 2, SECONDS / 2))
    figures = {}
    for side, rounds in sides.items():
        ok = sum(r["ok"] for r in rounds)
        errors = [e for r in rounds for e in r["errors"]]
        if errors:
            raise RuntimeError(f"{side}: {len(errors)} failed requests, e.g. {errors[:5]}")
        latencies = [x for r in rounds for x in r["latencies"]]
        figures[side] = {
            "rate": ok / sum(r["wall"] for r in rounds),
            "p50": percentile(latencies, 0.50) * 1000,
            "p99": percentile(latencies, 0.99) * 1000,
            "mean": statistics.fmean(latencies) * 1000,
            "count": ok,
        }
    s, b = figures["steward"], figures["baseline"]
    return [
        {"name": f"POST add_idea, {CLIENTS} clients ({s['count']} vs {b['count']} calls)",
         "steward": s["rate"], "baseline": b["rate"], "unit": "calls/s",
         "target": "Steward >= 0.75x the plain DRF view"},
        {"name": "latency p50", "steward": s["p50"], "baseline": b["p50"], "unit": "ms"},
        {"name": "latency p99", "steward": s["p99"], "baseline": b["p99"], "unit": "ms"},
    ]  # fmt: skip
