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
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 8
REQUESTS = int(os.environ.get("BENCH_ACTIONS_REQUESTS", "2000"))
SECONDS = float(os.environ.get("BENCH_ACTIONS_SECONDS", "90"))
ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://root@127.0.0.1:5432/postgres")
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


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="steward.actions.bench_settings",
        STEWARD_BENCH_BASELINE="1",
        STEWARD_RUNNER="inprocess",
        DEBUG="0",
        LOG_LEVEL="WARNING",
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


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def run() -> list[dict[str, Any]]:
    dbname = f"steward_bench_actions_{os.getpid()}"
    database_url = ADMIN_URL.rsplit("/", 1)[0] + f"/{dbname}"
    _admin(f'CREATE DATABASE "{dbname}"')
    env = _env(database_url)
    server = None
    log = Path(tempfile.mkdtemp(prefix="bench-actions-")) / "daphne.log"
    try:
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        secret = subprocess.run(
            [*manage, "shell", "-c", SETUP], cwd=ROOT, env=env, check=True, capture_output=True,
            text=True,
        ).stdout.strip().splitlines()[-1]  # fmt: skip
        port = _free_port()
        with log.open("wb") as out:
            server = subprocess.Popen(
                [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
                 "steward.asgi:application"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        _wait_for(f"http://127.0.0.1:{port}/healthz", server)
        for path in (STEWARD_PATH, BASELINE_PATH):  # warm-up: imports, connections, caches
            _load(port, path, secret, 200, 30)
        sides: dict[str, list[dict[str, Any]]] = {"steward": [], "baseline": []}
        for _ in range(2):  # alternate halves so drift hits both sides alike
            sides["steward"].append(_load(port, STEWARD_PATH, secret, REQUESTS // 2, SECONDS / 2))
            sides["baseline"].append(_load(port, BASELINE_PATH, secret, REQUESTS // 2, SECONDS / 2))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=15)
        _admin(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    figures = {}
    for side, rounds in sides.items():
        ok = sum(r["ok"] for r in rounds)
        errors = [e for r in rounds for e in r["errors"]]
        if errors:
            raise RuntimeError(
                f"{side}: {len(errors)} failed requests, e.g. {errors[:5]}; server log {log}"
            )
        latencies = [x for r in rounds for x in r["latencies"]]
        figures[side] = {
            "rate": ok / sum(r["wall"] for r in rounds),
            "p50": _percentile(latencies, 0.50),
            "p99": _percentile(latencies, 0.99),
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
