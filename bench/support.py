"""What every benchmark needs: a throwaway PostgreSQL database, a daphne or gunicorn process,
percentiles."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://root@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values`` by nearest rank; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bench_env(database_url: str, **extra: str) -> dict[str, str]:
    """A child process environment: this database, quiet logs, the source folders on the path."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        STEWARD_RUNNER="inprocess",
        DEBUG="0",
        LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
    )
    env.update(extra)
    return env


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type,unused-ignore]


@contextmanager
def throwaway_database(prefix: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """A new, migrated PostgreSQL database for one benchmark; dropped afterwards."""
    name = f"{prefix}_{os.getpid()}"
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT, env=bench_env(url, **(env or {})), check=True, timeout=300,
        )  # fmt: skip
        yield url
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def serve(argv: list[str], env: dict[str, str], port: int, name: str) -> Iterator[Server]:
    """Run a server command on ``port`` until its /healthz answers; stop it afterwards."""
    log = Path(tempfile.mkdtemp(prefix=f"bench-{name}-")) / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(url=f"http://127.0.0.1:{port}", port=port, process=process)
    try:
        _wait_for(f"{server.url}/healthz", process, log)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def daphne(
    env: dict[str, str], port: int | None = None, app: str = "bench.asgi:application"
) -> Iterator[str]:
    """One daphne process serving ``app`` (Steward plus the baselines' routes by default);
    yields its base URL, stops it afterwards."""
    with daphne_server(env, port, app) as server:
        yield server.url


@contextmanager
def daphne_server(
    env: dict[str, str], port: int | None = None, app: str = "bench.asgi:application"
) -> Iterator[Server]:
    port = port or free_port()
    argv = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), app]
    with serve(argv, env, port, "daphne") as server:
        yield server


@contextmanager
def asgi_server(
    env: dict[str, str], port: int | None = None, app: str = "bench.asgi:application"
) -> Iterator[Server]:
    """``app`` served by the ASGI server BENCH_ASGI_SERVER names: daphne (the default) or
    uvicorn (its WebSockets on the ``websockets`` library)."""
    if os.environ.get("BENCH_ASGI_SERVER", "daphne") != "uvicorn":
        with daphne_server(env, port, app) as server:
            yield server
        return
    port = port or free_port()
    argv = [
        sys.executable, "-m", "uvicorn", "--host", "127.0.0.1", "--port", str(port),
        "--ws", "websockets", "--no-access-log", "--log-level", "warning", app,
    ]  # fmt: skip
    with serve(argv, env, port, "uvicorn") as server:
        yield server


@contextmanager
def gunicorn(
    env: dict[str, str], workers: int, app: str = "bench.wsgi:application"
) -> Iterator[Server]:
    """gunicorn with ``workers`` sync workers serving ``app`` on loopback, as deploy/ runs it."""
    port = free_port()
    argv = [
        sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers",
        str(workers), "--worker-class", "sync", "--log-level", "warning", app,
    ]  # fmt: skip
    with serve(argv, env, port, "gunicorn") as server:
        yield server


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen[bytes]

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the server process and its children
        (gunicorn's workers): ``/proc``, so Linux only."""
        return sum(cpu_seconds(pid) for pid in (self.process.pid, *_children(self.process.pid)))


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by process ``pid``; 0.0 once it has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime and stime are fields 14 and 15 of stat(5), 12 and 13 after the name.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_bytes(pid: int) -> int:
    """The resident memory of process ``pid`` (``/proc``, so Linux only)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}; see {log}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {timeout}s; see {log}")
