"""Safe Actions: POST add_idea through the whole pipeline vs a plain DRF insert, on PostgreSQL.

Two topologies, one after the other, each serving both sides from the same process(es) and
the same throwaway PostgreSQL database, both sides authenticated with the same agent token:

* as deployed (deploy/): gunicorn with sync workers (BENCH_GUNICORN_WORKERS, default 4) and
  persistent database connections (CONN_MAX_AGE=60), at 8 and 32 clients. The baseline is
  what a Django team would ship: the bare DRF view under the same gunicorn.
* one daphne (ASGI, CONN_MAX_AGE=0), at 8 clients: the figure the benchmark measured before,
  kept to show what serving the API over ASGI costs.

Clients keep their connection open where the server lets them (gunicorn's sync workers close
it after each response; http.client reconnects). Each side gets N requests (bounded in time)
in alternating halves after a warm-up. Steward's side runs authenticate → authorize →
validate → execute → hash-chained audit row, in one transaction. ``cpu/call`` is the server
processes' CPU time (user + system, /proc) per successful call, PostgreSQL's not included.
Environment: BENCH_PG_ADMIN_URL (default postgres://root@127.0.0.1:5432/postgres),
BENCH_ACTIONS_REQUESTS (per side and client count, default 2000), BENCH_ACTIONS_SECONDS
(per side and client count, default 90), BENCH_GUNICORN_WORKERS (default 4).
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

from bench.support import (
    ROOT,
    Server,
    bench_env,
    daphne_server,
    gunicorn,
    percentile,
    throwaway_database,
)

REQUESTS = int(os.environ.get("BENCH_ACTIONS_REQUESTS", "2000"))
SECONDS = float(os.environ.get("BENCH_ACTIONS_SECONDS", "90"))
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", "4"))
STEWARD_PATH = "/api/apps/ideaboard/actions/add_idea/"
BASELINE_PATH = "/bench/baseline/add_idea/"
TARGET = "Steward >= 0.75x the plain DRF view"
SETUP = """
from django.contrib.auth import get_user_model
from steward.access.models import Membership
from steward.access.services import issue_token
user = get_user_model().objects.create_user("bench", "bench@example.com", "bench-password-1")
Membership.objects.create(user=user, app="ideaboard", role="operator")
print(issue_token(name="bench", owner=user, app="ideaboard")[1])
"""


def _load(
    port: int, path: str, secret: str, total: int, seconds: float, clients: int
) -> dict[str, Any]:
    """``total`` POSTs from ``clients`` threads (keep-alive); returns rate and latencies."""
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

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {"ok": len(latencies), "errors": errors, "wall": wall, "latencies": latencies}


def _compare(server: Server, secret: str, clients: int) -> dict[str, dict[str, float]]:
    """Both sides on ``server`` with ``clients`` clients: rate, latencies and CPU per call."""
    for path in (STEWARD_PATH, BASELINE_PATH):  # warm-up: imports, connections, caches
        _load(server.port, path, secret, 200, 30, clients)
    rounds: dict[str, list[dict[str, Any]]] = {"steward": [], "baseline": []}
    for _ in range(2):  # alternate halves so drift hits both sides alike
        for side, path in (("steward", STEWARD_PATH), ("baseline", BASELINE_PATH)):
            cpu = server.cpu_seconds()
            result = _load(server.port, path, secret, REQUESTS // 2, SECONDS / 2, clients)
            result["cpu"] = server.cpu_seconds() - cpu
            rounds[side].append(result)
    figures = {}
    for side, results in rounds.items():
        ok = sum(r["ok"] for r in results)
        errors = [e for r in results for e in r["errors"]]
        if errors:
            raise RuntimeError(f"{side}: {len(errors)} failed requests, e.g. {errors[:5]}")
        latencies = [x for r in results for x in r["latencies"]]
        figures[side] = {
            "rate": ok / sum(r["wall"] for r in results),
            "p50": percentile(latencies, 0.50) * 1000,
            "p99": percentile(latencies, 0.99) * 1000,
            "mean": statistics.fmean(latencies) * 1000,
            "cpu": sum(r["cpu"] for r in results) / ok * 1000,
            "count": ok,
        }
    return figures


def _figures(label: str, clients: int, found: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    s, b = found["steward"], found["baseline"]
    return [
        {"name": f"{label}, {clients} clients: POST add_idea ({s['count']} vs {b['count']} calls)",
         "steward": s["rate"], "baseline": b["rate"], "unit": "calls/s", "target": TARGET},
        {"name": f"{label}, {clients} clients: latency p50", "steward": s["p50"],
         "baseline": b["p50"], "unit": "ms"},
        {"name": f"{label}, {clients} clients: latency p99", "steward": s["p99"],
         "baseline": b["p99"], "unit": "ms"},
        {"name": f"{label}, {clients} clients: server CPU per call", "steward": s["cpu"],
         "baseline": b["cpu"], "unit": "ms"},
    ]  # fmt: skip


def run() -> list[dict[str, Any]]:
    figures: list[dict[str, Any]] = []
    with throwaway_database("steward_bench_actions") as database_url:
        env = bench_env(database_url)
        secret = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", SETUP], cwd=ROOT, env=env, check=True,
            capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]  # fmt: skip
        # As deployed: the API on gunicorn's sync workers, each keeping its connection.
        label = f"gunicorn {WORKERS} sync workers, CONN_MAX_AGE=60 (as deployed)"
        with gunicorn(env | {"CONN_MAX_AGE": "60"}, WORKERS) as server:
            for clients in (8, 32):
                figures += _figures(label, clients, _compare(server, secret, clients))
        # ASGI: one daphne opens a PostgreSQL connection per request (CONN_MAX_AGE=0).
        with daphne_server(env | {"CONN_MAX_AGE": "0"}) as server:
            figures += _figures("one daphne, CONN_MAX_AGE=0", 8, _compare(server, secret, 8))
    return figures
